"""KPI status against plan targets: the rules (plain Python) and the scorecard built on them."""
