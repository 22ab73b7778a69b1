"""The projects app's API: requests, funding lines, the cycle, project lists, duplicates."""

from ninja import Router

from oneplan.projects.api.duplicates import router as duplicates_router
from oneplan.projects.api.lists import router as lists_router
from oneplan.projects.api.requests import router as requests_router

router = Router()
router.add_router("/", requests_router)
router.add_router("/", lists_router)
router.add_router("/", duplicates_router)
