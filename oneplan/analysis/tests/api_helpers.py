"""What the analysis API tests share: the URLs, Krumme's worked example, a small series by
sector, and JSON requests with or without a token."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from oneplan.analysis.models import Analysis
from oneplan.orgs.models import ApiToken

LQ_URL = "/api/analysis/location-quotient"
SHIFT_URL = "/api/analysis/shift-share"
DYNAMIC_URL = "/api/analysis/dynamic-shift-share"

# Krumme's worked example of classic shift-share (employment in a region and the nation).
KRUMME = {
    "region_start": {"I": 500, "II": 100, "III": 200, "IV": 200},  # 1985
    "region_end": {"I": 1000, "II": 100, "III": 250, "IV": 280},  # 1995
    "reference_start": {"I": 10, "II": 20, "III": 40, "IV": 30},  # nation 1985
    "reference_end": {"I": 11, "II": 24, "III": 52, "IV": 42},  # nation 1995
}
# The nation grew 29 %; the sectors 10, 20, 30 and 40 %. By hand, per sector:
# national share 500 x .29 ...; industry mix 500 x (.10 - .29) ...; competitive 1000 - 550 ...
KRUMME_SPLIT = {
    "I": (500, 1000, 145, -95, 450),
    "II": (100, 100, 29, -9, -20),
    "III": (200, 250, 58, 2, -10),
    "IV": (200, 280, 58, 22, 0),
    "total": (1000, 1630, 290, -80, 420),
}

REGION = {
    2019: {"A": 100, "C": 300, "G": 600},
    2020: {"A": 110, "C": 330, "G": 620},
    2021: {"A": 121, "C": 360, "G": 700},
}
REFERENCE = {
    2019: {"A": 1000, "C": 5000, "G": 4000},
    2020: {"A": 1050, "C": 5500, "G": 4000},
    2021: {"A": 1100, "C": 6000, "G": 3900},
}


def post(client: Client, url: str, body: Any, **headers: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def patch(client: Client, url: str, body: Any, **headers: Any) -> Any:
    return client.patch(url, data=json.dumps(body), content_type="application/json", **headers)


def token(user: Any) -> dict[str, str]:
    if not user.is_authenticated:
        return {}
    _, key = ApiToken.issue(user, "test")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


NEW = {
    "name_th": "สินค้าเด่นนนทบุรี",
    "area": "12",
    "reference": "G10",
    "indicator": "GPP",
    "category_set": "SECTOR",
    "start_year": "2562",
    "end_year": "2564",
    "candidates": ["A", "C", "G"],
}


def attach_url(analysis: Analysis) -> str:
    return f"/api/analyses/{analysis.pk}/attachments"
