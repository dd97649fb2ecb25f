"""The tool policy document (DESIGN §6): validation, evaluation, the effective policy, a summary.

No odoo import. The document, as stored by Odoo and edited by managers::

    {"version": "1", "default": "deny", "hide": ["delete_records"],
     "tools": {"search_records": {"action": "allow",
                                  "limits": [{"window": "minute", "max": 60, "scope": "user"}]},
               "sql_select": {"action": "allow", "groups": ["parley.group_sql"]}}}

Risk classes come from ``TOOL_CATALOGUE`` (the addon's list of tools), never from the model or the
document: a write or destructive tool can never be ``allow``, whatever the document says. ``approve``
is for tools that change data, the only ones with an approval card: the document may not ask it of a
read or render tool, and a default of ``approve`` denies those tools rather than leave a call waiting
for a click that can never come.
"""

import copy
import json
import re
from pathlib import Path

from .ratelimit import SCOPES, WINDOWS

ACTIONS = ("allow", "approve", "deny")
RISKS = ("read", "render", "write", "destructive")
HUMAN_IN_THE_LOOP = ("write", "destructive")

# Every tool of DESIGN §7 and its risk class. The implementations in agent_tools must agree
# (an Odoo test checks it); tools not implemented yet are listed so a policy can name them.
TOOL_CATALOGUE = {
    "list_models": "read",
    "describe_model": "read",
    "search_records": "read",
    "read_records": "read",
    "aggregate_records": "read",
    "sql_select": "read",
    "render_chart": "render",
    "render_report": "render",
    "create_record": "write",
    "update_records": "write",
    "run_action": "write",
    "post_message": "write",
    "delete_records": "destructive",
}

_DOC_KEYS = {"version", "default", "hide", "tools"}
_TOOL_KEYS = {"action", "limits", "groups"}
_LIMIT_KEYS = {"window", "max", "scope"}
_TOOL_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_XMLID = re.compile(r"^[a-z0-9_]+\.[A-Za-z0-9_]+$")
MAX_LIMIT = 1_000_000

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent.parent / "data" / "parley_default_policy.json"


def load(text):
    """Parse a policy from JSON text; raise ValueError with every problem listed."""
    try:
        doc = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the policy is not valid JSON: {exc}") from None
    errors = validate(doc)
    if errors:
        raise ValueError("; ".join(errors))
    return doc


def _unknown_keys(where, obj, allowed):
    return [f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"
            for key in obj if key not in allowed]


def _validate_limits(where, limits):
    if not isinstance(limits, list):
        return [f"{where}.limits must be a list"]
    errors = []
    for index, limit in enumerate(limits):
        at = f"{where}.limits[{index}]"
        if not isinstance(limit, dict):
            errors.append(f"{at} must be an object")
            continue
        errors += _unknown_keys(at, limit, _LIMIT_KEYS)
        if limit.get("window") not in WINDOWS:
            errors.append(f"{at}.window must be one of {', '.join(WINDOWS)}")
        maximum = limit.get("max")
        if isinstance(maximum, bool) or not isinstance(maximum, int):
            errors.append(f"{at}.max must be an integer")
        elif not 1 <= maximum <= MAX_LIMIT:
            errors.append(f"{at}.max must be between 1 and {MAX_LIMIT} (use action 'deny' to forbid)")
        if "scope" in limit and limit["scope"] not in SCOPES:
            errors.append(f"{at}.scope must be one of {', '.join(SCOPES)}")
    return errors


def _validate_groups(where, groups):
    if not isinstance(groups, list) or not groups:
        return [f"{where}.groups must be a non-empty list of group xmlids (omit it for everyone)"]
    return [f"{where}.groups: {group!r} is not a group xmlid like 'module.name'"
            for group in groups if not isinstance(group, str) or not _XMLID.match(group)]


def _validate_tool(name, entry, catalogue):
    where = f"tools.{name}"
    if not isinstance(name, str) or not _TOOL_NAME.match(name):
        return [f"tools: {name!r} is not a tool name"]
    errors = []
    if catalogue is not None and name not in catalogue:
        errors.append(f"{where}: unknown tool")
    if not isinstance(entry, dict):
        return errors + [f"{where} must be an object"]
    errors += _unknown_keys(where, entry, _TOOL_KEYS)
    risk = (catalogue or TOOL_CATALOGUE).get(name)
    if entry.get("action") not in ACTIONS:
        errors.append(f"{where}.action must be one of {', '.join(ACTIONS)}")
    elif entry["action"] == "approve" and risk in ("read", "render"):
        errors.append(f"{where}.action 'approve' is only for tools that change data; {name} is a {risk} "
                      "tool, so use 'allow' (with limits) or 'deny'")
    if "limits" in entry:
        errors += _validate_limits(where, entry["limits"])
    if "groups" in entry:
        errors += _validate_groups(where, entry["groups"])
    return errors


def validate(doc, catalogue=None):
    """Return a list of readable errors; empty means the document is valid.

    With ``catalogue`` ({name: risk}), tool names the catalogue does not know are errors too.
    """
    if not isinstance(doc, dict):
        return ["the policy must be a JSON object"]
    errors = _unknown_keys("policy", doc, _DOC_KEYS)
    version = doc.get("version")
    if not isinstance(version, str) or not version.strip() or len(version) > 64:
        errors.append("version must be a non-empty string (at most 64 characters)")
    if doc.get("default") not in ACTIONS:
        errors.append(f"default must be one of {', '.join(ACTIONS)}")
    hide = doc.get("hide", [])
    if not isinstance(hide, list) or not all(isinstance(n, str) and _TOOL_NAME.match(n) for n in hide):
        errors.append("hide must be a list of tool names")
    elif catalogue is not None:
        errors += [f"hide: unknown tool {name!r}" for name in hide if name not in catalogue]
    tools = doc.get("tools", {})
    if not isinstance(tools, dict):
        errors.append("tools must be an object mapping tool names to rules")
    else:
        for name, entry in tools.items():
            errors += _validate_tool(name, entry, catalogue)
    return errors


def _entry(doc, tool):
    tools = doc.get("tools") or {}
    return tools.get(tool) or {}


def evaluate(doc, tool, user_group_xmlids, risk):
    """Decide 'allow', 'approve' or 'deny' for one tool and one user.

    Fails closed: an invalid document or an unknown risk class denies.
    """
    if risk not in RISKS or validate(doc):
        return "deny"
    if tool in doc.get("hide", []):
        return "deny"
    entry = _entry(doc, tool)
    groups = entry.get("groups")
    if groups and not set(groups) & set(user_group_xmlids or ()):
        return "deny"
    action = entry.get("action", doc["default"])
    if action == "allow" and risk in HUMAN_IN_THE_LOOP:
        return "approve"
    if action == "approve" and risk not in HUMAN_IN_THE_LOOP:
        return "deny"  # no approval card exists for it: a person could never say yes
    return action


def _limits(doc, tool):
    return [{"window": limit["window"], "max": limit["max"], "scope": limit.get("scope", "user")}
            for limit in _entry(doc, tool).get("limits", [])]


def effective_tools(doc, user_group_xmlids, catalogue=None):
    """The policy for one user, as sent to the bridge: only tools not denied.

    Returns ``{name: {"action": "allow"|"approve", "limits": [...]}}``.
    """
    catalogue = TOOL_CATALOGUE if catalogue is None else catalogue
    result = {}
    for name, risk in catalogue.items():
        action = evaluate(doc, name, user_group_xmlids, risk)
        if action != "deny":
            result[name] = {"action": action, "limits": _limits(doc, name)}
    return result


def _describe_limit(limit):
    return f"at most {limit['max']} per {limit['window']} per {limit['scope']}"


def summary(doc, catalogue=None):
    """One readable line per tool of the catalogue (and per unknown tool the document names)."""
    catalogue = TOOL_CATALOGUE if catalogue is None else catalogue
    errors = validate(doc)
    if errors:
        return ["The policy is invalid, so every tool is denied: " + "; ".join(errors)]
    lines = []
    for name, risk in catalogue.items():
        head = f"{name} ({risk}): "
        entry = _entry(doc, name)
        if name in doc.get("hide", []):
            lines.append(head + "hidden")
            continue
        action = entry.get("action", doc["default"])
        text = action if entry else f"{action} (default)"
        if action == "allow" and risk in HUMAN_IN_THE_LOOP:
            text = "approve (the policy says allow, but a person must always approve this kind of tool)"
        elif action == "approve" and risk not in HUMAN_IN_THE_LOOP:
            text = "deny (the default is approve, but only tools that change data can be approved)"
            action = "deny"
        if action != "deny" and entry.get("groups"):
            text += "; only for members of " + ", ".join(entry["groups"])
        limits = _limits(doc, name)
        if action != "deny" and limits:
            text += "; " + ", ".join(_describe_limit(limit) for limit in limits)
        lines.append(head + text)
    named = set(doc.get("hide", [])) | set(doc.get("tools") or {})
    lines += [f"{name}: not a known tool (ignored)" for name in sorted(named - set(catalogue))]
    return lines


def _load_default():
    doc = json.loads(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))
    errors = validate(doc, TOOL_CATALOGUE)
    if errors:  # a broken shipped file must fail loudly at import, not deny everything silently
        raise ValueError(f"{DEFAULT_POLICY_PATH.name} is invalid: {'; '.join(errors)}")
    return doc


DEFAULT_POLICY = _load_default()


def default_policy():
    """A fresh copy of the shipped policy, safe to modify."""
    return copy.deepcopy(DEFAULT_POLICY)
