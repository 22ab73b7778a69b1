"""The licence register behind ``license_list`` and a dataset's ``license_title``.

OnePlan stores SPDX identifiers (its default is "CC-BY-4.0"); CKAN's own default register uses
short ids ("cc-by", "odc-odbl", ...). Both are known here, so either kind of id gets its title.
A licence in use that is in neither list is still listed, titled by its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class License:
    id: str
    title: str
    url: str = ""
    open: bool = True
    domain: str = "data"  # "data" or "content" (documents, media)

    def as_dict(self) -> dict[str, Any]:
        """CKAN's licence dictionary."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "status": "active",
            "maintainer": "",
            "family": "",
            "od_conformance": "approved" if self.open else "not reviewed",
            "osd_conformance": "not reviewed",
            "domain_content": self.domain == "content",
            "domain_data": self.domain == "data",
            "domain_software": False,
            "is_generic": False,
            "is_okd_compliant": self.open,
            "is_osi_compliant": False,
        }


_CC = "https://creativecommons.org/licenses"
_ODC = "https://opendatacommons.org/licenses"
REGISTER: dict[str, License] = {
    lic.id: lic
    for lic in (
        License("CC-BY-4.0", "Creative Commons Attribution 4.0", f"{_CC}/by/4.0/", True, "content"),
        License(
            "CC-BY-SA-4.0",
            "Creative Commons Attribution Share-Alike 4.0",
            f"{_CC}/by-sa/4.0/",
            True,
            "content",
        ),
        License(
            "CC0-1.0",
            "Creative Commons CCZero",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            True,
            "content",
        ),
        License(
            "CC-BY-NC-4.0",
            "Creative Commons Non-Commercial 4.0",
            f"{_CC}/by-nc/4.0/",
            False,
            "content",
        ),
        License("ODbL-1.0", "Open Data Commons Open Database License", f"{_ODC}/odbl/1-0/"),
        License("ODC-By-1.0", "Open Data Commons Attribution License", f"{_ODC}/by/1-0/"),
        License("PDDL-1.0", "Open Data Commons Public Domain Dedication", f"{_ODC}/pddl/1-0/"),
        # CKAN's default register, for catalogues that copy its ids.
        License("notspecified", "License not specified", "", False),
        License("cc-by", "Creative Commons Attribution", f"{_CC}/by/4.0/", True, "content"),
        License(
            "cc-by-sa",
            "Creative Commons Attribution Share-Alike",
            f"{_CC}/by-sa/4.0/",
            True,
            "content",
        ),
        License(
            "cc-zero",
            "Creative Commons CCZero",
            "https://creativecommons.org/publicdomain/zero/1.0/",
            True,
            "content",
        ),
        License("cc-nc", "Creative Commons Non-Commercial (Any)", f"{_CC}/by-nc/4.0/", False),
        License("odc-odbl", "Open Data Commons Open Database License (ODbL)", f"{_ODC}/odbl/"),
        License("odc-by", "Open Data Commons Attribution License", f"{_ODC}/by/"),
        License(
            "odc-pddl", "Open Data Commons Public Domain Dedication and License", f"{_ODC}/pddl/"
        ),
        License("other-open", "Other (Open)"),
        License("other-closed", "Other (Not Open)", "", False),
    )
}


def lookup(license_id: str) -> License:
    """The register's licence, or one titled by its id (not known to be open)."""
    return REGISTER.get(license_id) or License(license_id, license_id, "", False)
