"""PII masking of tool results before they leave Odoo (DESIGN §4 step 10). No odoo import.

Rules say which fields of which model are masked and how: ``{model: {field: kind}}``. A masked
value keeps a hint a person can use to tell records apart (``j***@e***.com``, ``+32 *** ** 12``,
``BE** **** **** 1234``) but not the value itself.
"""

import json
import re

# How a value is masked. Unknown kinds mask everything: a typo in a rule must not leak.
KINDS = ("email", "phone", "vat", "account", "full")

DEFAULT_RULES = {
    "res.partner": {
        "email": "email", "email_normalized": "email", "email_formatted": "email",
        "phone": "phone", "mobile": "phone", "phone_sanitized": "phone",
        "vat": "vat",
    },
    # A bank account's display name is its number (plus the bank's name).
    "res.partner.bank": {"acc_number": "account", "sanitized_acc_number": "account",
                         "display_name": "account"},
}

# Aggregates that count values reveal nothing about the values themselves.
_COUNTING = ("count", "count_distinct")
# Starts only where a run of address characters starts: from every position inside a long run
# without an address, the search would rescan the rest of it (quadratic on a 100 KB field).
_EMAIL = re.compile(r"(?<![^\s<>@,;\"'])[^\s<>@,;\"']+@[^\s<>@,;\"']+")
_LINK = re.compile(r"^odoo://([a-z0-9_.]+)/\d+$")
FULL = "***"


def _mask_email_address(address):
    local, _, domain = address.partition("@")
    labels = domain.split(".")
    masked_domain = f"{labels[0][:1]}***" + (f".{labels[-1]}" if len(labels) > 1 else "")
    return f"{local[:1]}***@{masked_domain}"


def _mask_email(text):
    if "@" not in text:
        return _mask_full(text)
    return _EMAIL.sub(lambda match: _mask_email_address(match.group(0)), text)


def _mask_phone(text):
    digits = sum(ch.isdigit() for ch in text)
    keep_tail = 2 if digits >= 6 else 0
    # Keep the country code after a leading '+': the first digit group when it is short, else 2.
    keep_head = 0
    stripped = text.lstrip()
    if stripped.startswith("+") and digits >= 6:
        group = re.match(r"\+(\d+)", stripped)
        keep_head = len(group.group(1)) if group and len(group.group(1)) <= 3 else 2
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            keep = seen <= keep_head or seen > digits - keep_tail
            out.append(ch if keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_alnum(text, keep_tail):
    """Keep a two-letter country prefix and the last ``keep_tail`` letters/digits; star the rest."""
    count = sum(ch.isalnum() for ch in text)
    keep_head = 2 if len(text) >= 2 and text[:2].isalpha() and text[:2].isascii() else 0
    if count - keep_head < keep_tail + 4:  # too short to keep a tail without giving most of it away
        keep_tail = 0
    out, seen = [], 0
    for ch in text:
        if ch.isalnum():
            seen += 1
            keep = seen <= keep_head or seen > count - keep_tail
            out.append(ch if keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_vat(text):
    return _mask_alnum(text, keep_tail=2)


def _mask_account(text):
    # "BE68 5390 0754 7034 - Some Bank": mask the number, keep the bank's name.
    number, sep, bank = text.partition(" - ")
    return _mask_alnum(number, keep_tail=4) + sep + bank


def _mask_full(_text):
    return FULL


_MASKERS = {"email": _mask_email, "phone": _mask_phone, "vat": _mask_vat,
            "account": _mask_account, "full": _mask_full}


def mask_value(field_type, value, kind):
    """Mask one value of a field of ``field_type`` (informative; may be None).

    Empty values stay as they are (there is nothing to hide, and "no email" is useful to know);
    many2one values ``{"id", "name", ...}`` get their name masked; lists are masked element-wise.
    """
    if value is None or value is False or value == "":
        return value
    if isinstance(value, dict):
        if "name" not in value:
            return value
        return {**value, "name": mask_value(field_type, value["name"], kind)}
    if isinstance(value, (list, tuple)):
        return [mask_value(field_type, item, kind) for item in value]
    if isinstance(value, str):
        return _MASKERS.get(kind, _mask_full)(value)
    return FULL


def _is_counting(key):
    return key == "__count" or key.rpartition(":")[2] in _COUNTING


def _linked_model(value):
    if isinstance(value, dict) and isinstance(value.get("_link"), str):
        match = _LINK.match(value["_link"])
        return match.group(1) if match else None
    return None


def mask_records(model, records, rules):
    """Mask every rule-covered value of ``records`` (dicts) of ``model``.

    Keys may be field names or ``field:aggregate`` / ``field:granularity`` specs (aggregate results);
    many2one values pointing at a model whose ``display_name`` is masked get their name masked.
    Returns ``(new_records, masked_fields)``; the input is left untouched.
    """
    model_rules = rules.get(model) or {}
    masked, result = set(), []
    for record in records:
        new = dict(record)
        for key, value in record.items():
            if key in ("id", "_link") or _is_counting(key):
                continue
            kind = model_rules.get(key.partition(":")[0])
            target = _linked_model(value)
            if kind is None and target and "display_name" in (rules.get(target) or {}):
                kind = rules[target]["display_name"]
            if kind is None:
                continue
            new[key] = mask_value(None, value, kind)
            if new[key] != value:
                masked.add(key)
        result.append(new)
    return result, sorted(masked)


def validate_rules(rules):
    """Errors of a rules document ``{model: {field: kind}}``; empty means valid."""
    if not isinstance(rules, dict):
        return ["masking rules must be an object mapping models to {field: kind}"]
    errors = []
    for model, fields in rules.items():
        if not isinstance(model, str) or not re.match(r"^[a-z0-9_.]+$", model):
            errors.append(f"{model!r} is not a model name")
        elif not isinstance(fields, dict):
            errors.append(f"{model}: must map field names to a kind")
        else:
            errors += [f"{model}.{field}: kind must be one of {', '.join(KINDS)}"
                       for field, kind in fields.items()
                       if not isinstance(field, str) or kind not in KINDS]
    return errors


def rules_with(extra_json):
    """The default rules plus the rules configured as JSON text (may be empty).

    Configured rules add to the defaults and may change a default's kind; they never remove one.
    Raises ValueError with a readable message when the configuration is invalid.
    """
    merged = {model: dict(fields) for model, fields in DEFAULT_RULES.items()}
    if not extra_json or not extra_json.strip():
        return merged
    try:
        extra = json.loads(extra_json)
    except ValueError as exc:
        raise ValueError(f"masking rules are not valid JSON: {exc}") from None
    errors = validate_rules(extra)
    if errors:
        raise ValueError("; ".join(errors))
    for model, fields in extra.items():
        merged.setdefault(model, {}).update(fields)
    return merged
