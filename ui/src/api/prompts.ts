import { gql } from "@urql/core";
import type { Connection } from "./types";

export interface PromptRow {
  id: string;
  name: string;
  type: string;
  tags: string[];
  /** Every label of any of its versions. */
  labels: string[];
  versionNumbers: number[];
  latestVersion: number | null;
  lastUpdatedAt: string;
}

export interface PromptFilterInput {
  name?: string;
  label?: string;
  tag?: string;
}

/** The project's prompts by name, a page at a time. */
export const PROMPT_INDEX = gql<
  { prompts: Connection<PromptRow> },
  { filter: PromptFilterInput; first: number; after: string | null; withCount: boolean }
>`
  query PromptIndex($filter: PromptFilterInput, $first: Int!, $after: String, $withCount: Boolean!) {
    prompts(filter: $filter, first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        type
        tags
        labels
        versionNumbers
        latestVersion
        lastUpdatedAt
      }
    }
  }
`;

export interface PromptVersion {
  id: string;
  version: number;
  /** text or chat. */
  type: string;
  /** A string, or a list of chat messages. */
  prompt: unknown;
  config: unknown;
  labels: string[];
  tags: string[];
  commitMessage: string | null;
  createdBy: string;
  createdAt: string;
}

/** One prompt with every version, newest first (the name is exact). */
export const PROMPT_VERSIONS = gql<
  { prompts: Connection<PromptRow & { versions: PromptVersion[] }> },
  { name: string }
>`
  query PromptVersions($name: String!) {
    prompts(filter: { name: $name }, first: 1) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        type
        tags
        labels
        versionNumbers
        latestVersion
        lastUpdatedAt
        versions {
          id
          version
          type
          prompt
          config
          labels
          tags
          commitMessage
          createdBy
          createdAt
        }
      }
    }
  }
`;

/** Move labels onto a version (a label lives on one version of a name at a time). */
export const SET_VERSION_LABELS = gql<
  { setPromptLabels: { version: number; labels: string[] } },
  { name: string; version: number; labels: string[] }
>`
  mutation SetVersionLabels($name: String!, $version: Int!, $labels: [String!]!) {
    setPromptLabels(name: $name, version: $version, labels: $labels) {
      id
      version
      labels
    }
  }
`;
