"""Customer-list de-duplication and merge, Chinese company names included.

Needs the optional extra: ``pip install 'salesflow[dedupe]'`` (OpenCC for
traditional to simplified characters, pypinyin, rapidfuzz). Importing this
package needs nothing; a function that needs a missing package raises
:class:`~salesflow.MissingExtraError` naming the extra.

* names and keys: :func:`parse_company`, :func:`validate_uscc`,
  :func:`normalise_phone`, :func:`normalise_email`,
  :func:`normalise_person_name`;
* matching: :func:`find_duplicates`, :func:`estimate`, :func:`compare`,
  :class:`Settings` and its presets;
* merging: :func:`merge`, :func:`undo`;
* in the process: :func:`dedupe_report`, :func:`check_new`.
"""

from salesflow.dedupe.company import SCRIPTS, CompanyName, fold_text, parse_company, parse_region
from salesflow.dedupe.evidence import (
    Cluster,
    Duplicates,
    FieldEvidence,
    MatchOutcome,
    PairDecision,
)
from salesflow.dedupe.identifiers import (
    email_domain,
    is_uscc,
    normalise_email,
    normalise_person_name,
    normalise_phone,
    uscc_check_character,
    validate_uscc,
)
from salesflow.dedupe.matching import compare, estimate, find_duplicates, settings_for
from salesflow.dedupe.merging import (
    FieldChoice,
    Merge,
    MergedRecord,
    MergeRule,
    Original,
    Repoint,
    SurvivorRule,
    merge,
    undo,
)
from salesflow.dedupe.model import Model, fit, prior_model
from salesflow.dedupe.profiles import PUBLIC_MAIL_DOMAINS, Profile, company_fields, profile_of
from salesflow.dedupe.report import (
    ITEM_KEY,
    DedupeReport,
    NewRecordCheck,
    check_new,
    dedupe_report,
)
from salesflow.dedupe.settings import (
    CONTACT_SETTINGS,
    CUSTOMER_SETTINGS,
    LEAD_SETTINGS,
    Comparison,
    Method,
    Settings,
)

__all__ = [
    "CONTACT_SETTINGS",
    "CUSTOMER_SETTINGS",
    "ITEM_KEY",
    "LEAD_SETTINGS",
    "PUBLIC_MAIL_DOMAINS",
    "SCRIPTS",
    "Cluster",
    "CompanyName",
    "Comparison",
    "DedupeReport",
    "Duplicates",
    "FieldChoice",
    "FieldEvidence",
    "MatchOutcome",
    "Merge",
    "MergeRule",
    "MergedRecord",
    "Method",
    "Model",
    "NewRecordCheck",
    "Original",
    "PairDecision",
    "Profile",
    "Repoint",
    "Settings",
    "SurvivorRule",
    "check_new",
    "company_fields",
    "compare",
    "dedupe_report",
    "email_domain",
    "estimate",
    "find_duplicates",
    "fit",
    "fold_text",
    "is_uscc",
    "merge",
    "normalise_email",
    "normalise_person_name",
    "normalise_phone",
    "parse_company",
    "parse_region",
    "prior_model",
    "profile_of",
    "settings_for",
    "undo",
    "uscc_check_character",
    "validate_uscc",
]
