import { gql } from "@urql/core";

export interface Project {
  id: string;
  name: string;
}

export const CURRENT_PROJECT = gql<{ project: Project }, Record<string, never>>`
  query CurrentProject {
    project {
      id
      name
    }
  }
`;
