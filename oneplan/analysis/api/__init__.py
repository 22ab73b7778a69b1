"""The analysis API: stateless calculators anyone can check the maths with, positioning and
problem rankings read from the stored data, and saved analyses."""

from ninja import Router

from oneplan.analysis.api.analyses import router as analyses_router
from oneplan.analysis.api.calculators import router as calculators_router

router = Router()
router.add_router("/", calculators_router)
router.add_router("/", analyses_router)
