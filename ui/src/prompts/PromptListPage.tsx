import { useCallback, useMemo } from "react";
import { useClient } from "urql";
import { useLocation, useSearchParams } from "wouter";
import { fetchConnection } from "../api/pages";
import { PROMPT_INDEX, type PromptFilterInput, type PromptRow } from "../api/prompts";
import { Tags } from "../components/Tags";
import { formatTime, plural } from "../lib/format";
import { usePages } from "../lists/usePages";
import { VirtualTable, type Column } from "../lists/VirtualTable";
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
  const [search, setSearch] = useSearchParams();
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
  const setParam = (param: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(param, value);
    else next.delete(param);
    setSearch(next);
  };
  const open = useCallback((row: PromptRow) => navigate(paths.prompt(projectId, row.name)), [navigate, projectId]);
  return (
    <div className="page list-page">
      <div className="toolbar">
        <h1>Prompts</h1>
        <span className="muted">{pages.totalCount === null ? "" : plural(pages.totalCount, "prompt")}</span>
      </div>
      <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
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
      </form>
      {pages.error && <p className="form-error" role="alert">{pages.error}</p>}
      <VirtualTable
        key={listKey}
        label="Prompts"
        rows={pages.nodes}
        columns={COLUMNS}
        rowKey={(row) => row.id}
        onOpen={open}
        hasMore={pages.hasMore}
        loading={pages.loading}
        onEndReached={pages.loadMore}
        empty="No prompts. Create one with POST /v1/prompts or the createPrompt mutation."
      />
    </div>
  );
}
