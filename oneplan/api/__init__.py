"""The REST API under /api/: one NinjaAPI, routers contributed by each app."""
