"""Projects and budget requests: funding lines, the request cycle, project lists, duplicates."""

from oneplan.projects.models.cycle import (
    BudgetCalendar,
    CalendarStep,
    PriorityWeights,
    ProjectList,
    RankChange,
    RequestTransition,
)
from oneplan.projects.models.duplicates import DuplicatePair
from oneplan.projects.models.funding import AreaShare, FundingLine
from oneplan.projects.models.projects import AlignmentTag, Project, ProjectDocument, ProjectOutput

__all__ = [
    "AlignmentTag",
    "AreaShare",
    "BudgetCalendar",
    "CalendarStep",
    "DuplicatePair",
    "FundingLine",
    "PriorityWeights",
    "Project",
    "ProjectDocument",
    "ProjectList",
    "ProjectOutput",
    "RankChange",
    "RequestTransition",
]
