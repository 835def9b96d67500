EN: dict[str, str] = {}
ZH_HANS: dict[str, str] = {}
