import { useCallback } from "react";
import { useClient } from "urql";
import { useLocation } from "wouter";
import { DATASET_INDEX, type DatasetRow } from "../api/datasets";
import { fetchConnection } from "../api/pages";
import { formatCount, formatTime } from "../lib/format";
import { usePages } from "../lists/usePages";
import { ListPage } from "../lists/ListPage";
import type { Column } from "../lists/VirtualTable";
import { paths } from "../routes";

const PAGE_SIZE = 50;

const COLUMNS: Column<DatasetRow>[] = [
  { id: "name", label: "Dataset", width: "minmax(180px, 2fr)", render: (row) => <b>{row.name}</b> },
  { id: "description", label: "Description", width: "minmax(160px, 2fr)", render: (row) => row.description ?? "" },
  { id: "items", label: "Items", width: "80px", align: "right", render: (row) => formatCount(row.itemCount) },
  { id: "runs", label: "Runs", width: "70px", align: "right", render: (row) => formatCount(row.runs.length) },
  { id: "updated", label: "Updated", width: "150px", render: (row) => formatTime(row.updatedAt) },
];

/** `/project/{id}/datasets`: the datasets, newest first, with item and run counts. */
export function DatasetListPage({ projectId }: { projectId: string }) {
  const [, navigate] = useLocation();
  const client = useClient();
  const pages = usePages("datasets", (after) =>
    fetchConnection(client, DATASET_INDEX, { first: PAGE_SIZE, after, withCount: after === null }, (data) => data.datasets),
  );
  const open = useCallback((row: DatasetRow) => navigate(paths.dataset(projectId, row.id)), [navigate, projectId]);
  return (
    <ListPage
      title="Datasets"
      noun="dataset"
      pages={pages}
      columns={COLUMNS}
      onOpen={open}
      empty="No datasets. Create one with POST /v1/datasets or the createDataset mutation."
    />
  );
}
