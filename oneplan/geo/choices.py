from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    """Levels of the administrative and planning geography, largest first."""

    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    PROVINCE_GROUP = "province_group", _("Province group")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    VILLAGE = "village", _("Village")
    LOCAL_GOVERNMENT = "local_government", _("Local government")


# DOPA codes: the code's length gives its level and its prefix gives its parent.
DOPA_CODE_LENGTHS: dict[int, AreaLevel] = {
    2: AreaLevel.PROVINCE,
    4: AreaLevel.DISTRICT,
    6: AreaLevel.SUBDISTRICT,
    8: AreaLevel.VILLAGE,
}
DOPA_PARENT_LENGTH: dict[AreaLevel, int] = {
    AreaLevel.DISTRICT: 2,
    AreaLevel.SUBDISTRICT: 4,
    AreaLevel.VILLAGE: 6,
}
COUNTRY_CODE = "TH"
