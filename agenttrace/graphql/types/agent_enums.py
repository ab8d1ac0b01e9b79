"""Enums of the agent records, made from the core's vocabularies so the two never differ
(GraphQL takes the canonical values; REST and ingestion also read the aliases). Names are
the values themselves, lower case, so GraphQL answers exactly what REST answers."""

from __future__ import annotations

from enum import Enum

import strawberry

from agenttrace.core.agents.vocabulary import (
    CHECKPOINT_TYPES,
    CI_PROVIDERS,
    CI_STATUSES,
    FILE_OPERATIONS,
    GIT_LINK_TYPES,
    Vocabulary,
)


def _enum(name: str, vocabulary: Vocabulary, description: str) -> type[Enum]:
    members: type[Enum] = Enum(name, [(value, value) for value in vocabulary.values])  # type: ignore[misc]
    return strawberry.enum(members, description=description)


CheckpointType = _enum("CheckpointType", CHECKPOINT_TYPES, "Why a checkpoint was taken.")
GitLinkType = _enum("GitLinkType", GIT_LINK_TYPES, "How a trace relates to a commit.")
FileOperationKind = _enum("FileOperationKind", FILE_OPERATIONS, "What was done to a file.")
CiRunStatus = _enum("CiRunStatus", CI_STATUSES, "Where a CI run stands.")
CiProvider = _enum("CiProvider", CI_PROVIDERS, "Where a CI run ran.")
