import { useCallback, useMemo } from "react";
import { useClient } from "urql";
import { useLocation } from "wouter";
import { fetchConnection } from "../api/pages";
import { PROMPT_INDEX, type PromptFilterInput, type PromptRow } from "../api/prompts";
import { Tags } from "../components/Tags";
import { formatTime } from "../lib/format";
import { usePages } from "../lists/usePages";
import { ListPage, useSearchParam } from "../lists/ListPage";
import type { Column } from "../lists/VirtualTable";
import { paths } from "../routes";

const PAGE_SIZE = 50;

const COLUMNS: Column<PromptRow>[] = [
  { id: "name", label: "Prompt", width: "minmax(180px, 2fr)", render: (row) => <b>{row.name}</b> },
  { id: "type", label: "Type", width: "70px", render: (row) => row.type },
  { id: "versions", label: "Versions", width: "80px", align: "right", render: (row) => row.versionNumbers.length },
  { id: "latest", label: "Latest", width: "70px", align: "right", render: (row) => (row.latestVersion === null ? "–" : `v${row.latestVersion}`) },
  {
    id: "labels",
    label: "Labels",
    width: "minmax(140px, 1.5fr)",
    render: (row) => (
      <span className="chips">
        {row.labels.map((label) => (
          <span key={label} className={`chip label-${label === "production" ? "production" : "other"}`}>
            {label}
          </span>
        ))}
      </span>
    ),
  },
  { id: "tags", label: "Tags", width: "minmax(100px, 1fr)", render: (row) => <Tags tags={row.tags} /> },
  { id: "updated", label: "Updated", width: "150px", render: (row) => formatTime(row.lastUpdatedAt) },
];

/** `/project/{id}/prompts`: the prompts by name, filtered by name, label or tag (in the URL). */
export function PromptListPage({ projectId }: { projectId: string }) {
  const [search, setParam] = useSearchParam();
  const [, navigate] = useLocation();
  const client = useClient();
  const label = search.get("label") ?? "";
  const tag = search.get("tag") ?? "";
  const name = search.get("name") ?? "";
  const listKey = `${name}|${label}|${tag}`;
  const filter = useMemo<PromptFilterInput>(
    () => ({ ...(name ? { name } : {}), ...(label ? { label } : {}), ...(tag ? { tag } : {}) }),
    [name, label, tag],
  );
  const pages = usePages(listKey, (after) =>
    fetchConnection(client, PROMPT_INDEX, { filter, first: PAGE_SIZE, after, withCount: after === null }, (data) => data.prompts),
  );
  const open = useCallback((row: PromptRow) => navigate(paths.prompt(projectId, row.name)), [navigate, projectId]);
  return (
    <ListPage
      title="Prompts"
      noun="prompt"
      pages={pages}
      columns={COLUMNS}
      onOpen={open}
      empty="No prompts. Create one with POST /v1/prompts or the createPrompt mutation."
      listKey={listKey}
      filters={
        <>
          {(
            [
              ["name", "Name", name],
              ["label", "Label", label],
              ["tag", "Tag", tag],
            ] as const
          ).map(([param, title, value]) => (
            <input
              key={param}
              aria-label={title}
              placeholder={title}
              defaultValue={value}
              onKeyDown={(event) => event.key === "Enter" && setParam(param, event.currentTarget.value.trim())}
            />
          ))}
        </>
      }
    />
  );
}
