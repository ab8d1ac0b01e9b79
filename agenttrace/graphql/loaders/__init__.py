"""The loaders of one request, each built on its first use: a query touches a few of them,
and aiodataloader binds the running event loop when a loader is made. Every loader answers
all the keys of one tick with one statement per set of field arguments, in a read session
of its own, scoped to the caller's project (``_batch.py`` holds what they share).
"""

from __future__ import annotations

from functools import cached_property

from aiodataloader import DataLoader

from agenttrace.db.engine import Database
from agenttrace.graphql.loaders import (
    agent_counts_by_trace,
    agent_totals_by_session,
    children_by_observation,
    ci_runs_by_trace,
    dataset_by_id,
    dataset_item_by_id,
    evaluations_by_trace,
    evaluator_name_by_id,
    head_by_row,
    item_count_by_dataset,
    items_by_dataset,
    observation_by_id,
    observation_count_by_trace,
    observations_by_trace,
    own_scores_by_trace,
    prompt_versions_by_prompt,
    records_by_trace,
    results_by_run,
    root_observations_by_trace,
    run_by_id,
    runs_by_dataset,
    score_by_id,
    scores_by_observation,
    scores_by_session,
    scores_by_trace,
    session_by_id,
    skeleton_by_trace,
    trace_by_id,
    traces_by_session,
)


class Loaders:
    def __init__(self, database: Database, project_id: str) -> None:
        self._database = database
        self._project_id = project_id

    @cached_property
    def trace_by_id(self) -> DataLoader[trace_by_id.Key, trace_by_id.Result]:
        return trace_by_id.trace_by_id(self._database, self._project_id)

    @cached_property
    def evaluations_by_trace(
        self,
    ) -> DataLoader[evaluations_by_trace.Key, evaluations_by_trace.Result]:
        return evaluations_by_trace.evaluations_by_trace(self._database, self._project_id)

    @cached_property
    def evaluator_name_by_id(
        self,
    ) -> DataLoader[evaluator_name_by_id.Key, evaluator_name_by_id.Result]:
        return evaluator_name_by_id.evaluator_name_by_id(self._database, self._project_id)

    @cached_property
    def observation_by_id(self) -> DataLoader[observation_by_id.Key, observation_by_id.Result]:
        return observation_by_id.observation_by_id(self._database, self._project_id)

    @cached_property
    def score_by_id(self) -> DataLoader[score_by_id.Key, score_by_id.Result]:
        return score_by_id.score_by_id(self._database, self._project_id)

    @cached_property
    def session_by_id(self) -> DataLoader[session_by_id.Key, session_by_id.Result]:
        return session_by_id.session_by_id(self._database, self._project_id)

    @cached_property
    def observations_by_trace(
        self,
    ) -> DataLoader[observations_by_trace.Key, observations_by_trace.Result]:
        return observations_by_trace.observations_by_trace(self._database, self._project_id)

    @cached_property
    def observation_count_by_trace(
        self,
    ) -> DataLoader[observation_count_by_trace.Key, observation_count_by_trace.Result]:
        return observation_count_by_trace.observation_count_by_trace(
            self._database, self._project_id
        )

    @cached_property
    def root_observations_by_trace(
        self,
    ) -> DataLoader[root_observations_by_trace.Key, root_observations_by_trace.Result]:
        return root_observations_by_trace.root_observations_by_trace(
            self._database, self._project_id
        )

    @cached_property
    def children_by_observation(
        self,
    ) -> DataLoader[children_by_observation.Key, children_by_observation.Result]:
        return children_by_observation.children_by_observation(self._database, self._project_id)

    @cached_property
    def scores_by_trace(self) -> DataLoader[scores_by_trace.Key, scores_by_trace.Result]:
        return scores_by_trace.scores_by_trace(self._database, self._project_id)

    @cached_property
    def scores_by_observation(
        self,
    ) -> DataLoader[scores_by_observation.Key, scores_by_observation.Result]:
        return scores_by_observation.scores_by_observation(self._database, self._project_id)

    @cached_property
    def scores_by_session(self) -> DataLoader[scores_by_session.Key, scores_by_session.Result]:
        return scores_by_session.scores_by_session(self._database, self._project_id)

    @cached_property
    def traces_by_session(self) -> DataLoader[traces_by_session.Key, traces_by_session.Result]:
        return traces_by_session.traces_by_session(self._database, self._project_id)

    @cached_property
    def prompt_versions_by_prompt(
        self,
    ) -> DataLoader[prompt_versions_by_prompt.Key, prompt_versions_by_prompt.Result]:
        return prompt_versions_by_prompt.prompt_versions_by_prompt(self._database, self._project_id)

    @cached_property
    def dataset_by_id(self) -> DataLoader[dataset_by_id.Key, dataset_by_id.Result]:
        return dataset_by_id.dataset_by_id(self._database, self._project_id)

    @cached_property
    def dataset_item_by_id(
        self,
    ) -> DataLoader[dataset_item_by_id.Key, dataset_item_by_id.Result]:
        return dataset_item_by_id.dataset_item_by_id(self._database, self._project_id)

    @cached_property
    def items_by_dataset(self) -> DataLoader[items_by_dataset.Key, items_by_dataset.Result]:
        return items_by_dataset.items_by_dataset(self._database, self._project_id)

    @cached_property
    def item_count_by_dataset(
        self,
    ) -> DataLoader[item_count_by_dataset.Key, item_count_by_dataset.Result]:
        return item_count_by_dataset.item_count_by_dataset(self._database, self._project_id)

    @cached_property
    def runs_by_dataset(self) -> DataLoader[runs_by_dataset.Key, runs_by_dataset.Result]:
        return runs_by_dataset.runs_by_dataset(self._database, self._project_id)

    @cached_property
    def run_by_id(self) -> DataLoader[run_by_id.Key, run_by_id.Result]:
        return run_by_id.run_by_id(self._database, self._project_id)

    @cached_property
    def results_by_run(self) -> DataLoader[results_by_run.Key, results_by_run.Result]:
        return results_by_run.results_by_run(self._database, self._project_id)

    @cached_property
    def records_by_trace(self) -> DataLoader[records_by_trace.Key, records_by_trace.Result]:
        return records_by_trace.records_by_trace(self._database, self._project_id)

    @cached_property
    def ci_runs_by_trace(self) -> DataLoader[ci_runs_by_trace.Key, ci_runs_by_trace.Result]:
        return ci_runs_by_trace.ci_runs_by_trace(self._database, self._project_id)

    @cached_property
    def agent_counts_by_trace(
        self,
    ) -> DataLoader[agent_counts_by_trace.Key, agent_counts_by_trace.Result]:
        return agent_counts_by_trace.agent_counts_by_trace(self._database, self._project_id)

    @cached_property
    def agent_totals_by_session(
        self,
    ) -> DataLoader[agent_totals_by_session.Key, agent_totals_by_session.Result]:
        return agent_totals_by_session.agent_totals_by_session(self._database, self._project_id)

    @cached_property
    def own_scores_by_trace(
        self,
    ) -> DataLoader[own_scores_by_trace.Key, own_scores_by_trace.Result]:
        return own_scores_by_trace.own_scores_by_trace(self._database, self._project_id)

    @cached_property
    def head_by_row(self) -> DataLoader[head_by_row.Key, head_by_row.Result]:
        return head_by_row.head_by_row(self._database, self._project_id)

    @cached_property
    def skeleton_by_trace(self) -> DataLoader[skeleton_by_trace.Key, skeleton_by_trace.Result]:
        return skeleton_by_trace.skeleton_by_trace(self._database, self._project_id)


__all__ = ["Loaders"]
