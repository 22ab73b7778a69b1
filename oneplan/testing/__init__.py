"""Test support: a throwaway PostgreSQL server, the fixed cast of users, factories."""
