"""Policy evaluation in plain Python (no Odoo), with the bypass attempts written as tests."""
import json
import unittest

from .. import policy as pol

READ_ONLY = {"list_models": "read", "search_records": "read"}


def _doc(**overrides):
    doc = {"version": "7", "default": "deny", "hide": [], "tools": {}}
    doc.update(overrides)
    return doc


class TestValidate(unittest.TestCase):
    def test_shipped_default_policy_is_valid_against_the_catalogue(self):
        self.assertEqual(pol.validate(pol.DEFAULT_POLICY, pol.TOOL_CATALOGUE), [])

    def test_default_policy_constant_matches_the_shipped_json_file(self):
        on_disk = json.loads(pol.DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))
        self.assertEqual(pol.DEFAULT_POLICY, on_disk)

    def test_default_policy_copy_does_not_alias_the_constant(self):
        copy = pol.default_policy()
        copy["tools"]["search_records"]["action"] = "deny"
        self.assertEqual(pol.DEFAULT_POLICY["tools"]["search_records"]["action"], "allow")

    def test_minimal_document_is_valid(self):
        self.assertEqual(pol.validate({"version": "1", "default": "deny"}), [])

    def test_non_object_document_is_rejected(self):
        for doc in (None, [], "deny", 3):
            self.assertTrue(pol.validate(doc), doc)

    def test_unknown_keys_are_rejected_at_every_level(self):
        errors = pol.validate(_doc(extra=1, tools={
            "search_records": {"action": "allow", "acton": "deny",
                               "limits": [{"window": "minute", "max": 5, "burst": 9}]}}))
        self.assertEqual(len(errors), 3, errors)
        self.assertTrue(any("'extra'" in e for e in errors))
        self.assertTrue(any("'acton'" in e for e in errors))
        self.assertTrue(any("'burst'" in e for e in errors))

    def test_bad_action_default_window_scope_are_each_reported(self):
        errors = pol.validate(_doc(default="maybe", tools={
            "search_records": {"action": "yes",
                               "limits": [{"window": "week", "max": 5, "scope": "tenant"}]}}))
        self.assertEqual(len(errors), 4, errors)

    def test_max_must_be_a_positive_integer_not_bool_float_or_negative(self):
        for bad in (-1, 0, 1.5, True, "10", None, pol.MAX_LIMIT + 1):
            doc = _doc(tools={"search_records": {"action": "allow",
                                                 "limits": [{"window": "minute", "max": bad}]}})
            self.assertTrue(pol.validate(doc), bad)

    def test_scope_may_be_omitted_and_defaults_to_user(self):
        doc = _doc(tools={"list_models": {"action": "allow", "limits": [{"window": "day", "max": 9}]}})
        self.assertEqual(pol.validate(doc), [])
        self.assertEqual(pol.effective_tools(doc, [], READ_ONLY)["list_models"]["limits"],
                         [{"window": "day", "max": 9, "scope": "user"}])

    def test_version_must_be_a_non_empty_string(self):
        for bad in (None, 1, "", "  "):
            self.assertTrue(pol.validate(_doc(version=bad)), bad)

    def test_groups_must_be_non_empty_list_of_xmlids(self):
        for bad in ([], "parley.group_sql", ["group_sql"], [3], ["a.b; DROP"]):
            doc = _doc(tools={"sql_select": {"action": "allow", "groups": bad}})
            self.assertTrue(pol.validate(doc), bad)

    def test_hide_and_tools_must_have_the_right_types(self):
        self.assertTrue(pol.validate(_doc(hide="delete_records")))
        self.assertTrue(pol.validate(_doc(hide=[1])))
        self.assertTrue(pol.validate(_doc(tools=["search_records"])))
        self.assertTrue(pol.validate(_doc(tools={"search_records": "allow"})))
        self.assertTrue(pol.validate(_doc(tools={"Bad Name": {"action": "allow"}})))

    def test_unknown_tool_names_are_errors_only_with_a_catalogue(self):
        doc = _doc(hide=["drop_database"], tools={"exec_python": {"action": "allow"}})
        self.assertEqual(pol.validate(doc), [])
        self.assertEqual(len(pol.validate(doc, pol.TOOL_CATALOGUE)), 2)

    def test_load_rejects_bad_json_and_invalid_documents_with_readable_errors(self):
        with self.assertRaisesRegex(ValueError, "not valid JSON"):
            pol.load("{nope")
        with self.assertRaisesRegex(ValueError, "default must be one of"):
            pol.load('{"version": "1", "default": "sure"}')
        self.assertEqual(pol.load('{"version": "1", "default": "deny"}')["default"], "deny")


class TestEvaluate(unittest.TestCase):
    def test_default_applies_to_tools_the_document_does_not_name(self):
        self.assertEqual(pol.evaluate(_doc(), "search_records", [], "read"), "deny")
        self.assertEqual(pol.evaluate(_doc(default="allow"), "search_records", [], "read"), "allow")

    def test_hidden_tool_is_denied_even_when_its_rule_allows_it(self):
        doc = _doc(hide=["search_records"], tools={"search_records": {"action": "allow"}})
        self.assertEqual(pol.evaluate(doc, "search_records", ["base.group_user"], "read"), "deny")

    def test_group_restricted_tool_is_denied_to_users_outside_the_groups(self):
        doc = _doc(tools={"sql_select": {"action": "allow", "groups": ["parley.group_sql"]}})
        self.assertEqual(pol.evaluate(doc, "sql_select", ["base.group_user"], "read"), "deny")
        self.assertEqual(pol.evaluate(doc, "sql_select", [], "read"), "deny")
        self.assertEqual(pol.evaluate(doc, "sql_select", None, "read"), "deny")
        self.assertEqual(pol.evaluate(doc, "sql_select", ["parley.group_sql"], "read"), "allow")

    def test_write_tool_allowed_by_policy_is_raised_to_approve(self):
        doc = _doc(default="allow", tools={"update_records": {"action": "allow"}})
        self.assertEqual(pol.evaluate(doc, "update_records", [], "write"), "approve")
        self.assertEqual(pol.evaluate(doc, "create_record", [], "write"), "approve")

    def test_destructive_tool_allowed_by_policy_is_raised_to_approve(self):
        doc = _doc(tools={"delete_records": {"action": "allow"}})
        self.assertEqual(pol.evaluate(doc, "delete_records", [], "destructive"), "approve")

    def test_risk_class_is_what_the_caller_passes_not_the_tool_name(self):
        # A write tool the caller (Odoo's catalogue) classes as write stays guarded even if the
        # policy names it like a read tool would be named.
        doc = _doc(tools={"search_records": {"action": "allow"}})
        self.assertEqual(pol.evaluate(doc, "search_records", [], "write"), "approve")

    def test_unknown_risk_class_fails_closed(self):
        doc = _doc(default="allow")
        for risk in (None, "", "harmless", "READ"):
            self.assertEqual(pol.evaluate(doc, "search_records", [], risk), "deny", risk)

    def test_invalid_document_denies_everything(self):
        doc = _doc(default="allow", tools={"search_records": {"action": "allow", "oops": 1}})
        self.assertEqual(pol.evaluate(doc, "search_records", [], "read"), "deny")
        self.assertEqual(pol.evaluate(None, "search_records", [], "read"), "deny")

    def test_deny_and_approve_pass_through_unchanged(self):
        doc = _doc(tools={"update_records": {"action": "approve"}, "list_models": {"action": "deny"}})
        self.assertEqual(pol.evaluate(doc, "update_records", [], "write"), "approve")
        self.assertEqual(pol.evaluate(doc, "list_models", [], "read"), "deny")

    def test_approve_asked_of_a_read_or_render_tool_is_refused_by_validation(self):
        # No approval card exists for a tool that changes no data: a policy asking one would leave
        # the call waiting for a click that can never come. It is refused when saved, and until
        # fixed the document denies everything.
        for name, risk in (("sql_select", "read"), ("render_chart", "render"), ("render_report", "render")):
            doc = _doc(tools={name: {"action": "approve"}})
            errors = pol.validate(doc, pol.TOOL_CATALOGUE)
            self.assertEqual(len(errors), 1, errors)
            self.assertIn(f"tools.{name}.action 'approve' is only for tools that change data", errors[0])
            self.assertIn(f"{name} is a {risk} tool", errors[0])
            self.assertEqual(pol.evaluate(doc, name, [], risk), "deny")
            self.assertEqual(pol.effective_tools(doc, []), {})

    def test_default_approve_denies_tools_that_cannot_be_approved(self):
        doc = _doc(default="approve", tools={"search_records": {"action": "allow"}})
        self.assertEqual(pol.validate(doc, pol.TOOL_CATALOGUE), [])
        self.assertEqual(pol.evaluate(doc, "search_records", [], "read"), "allow")
        self.assertEqual(pol.evaluate(doc, "render_chart", [], "render"), "deny")
        self.assertEqual(pol.evaluate(doc, "sql_select", [], "read"), "deny")
        self.assertEqual(pol.evaluate(doc, "create_record", [], "write"), "approve")
        # The caller's risk class decides, as everywhere: a read tool classed as write is approved.
        self.assertEqual(pol.evaluate(doc, "list_models", [], "write"), "approve")
        tools = pol.effective_tools(doc, [])
        self.assertNotIn("render_report", tools)
        self.assertEqual(tools["delete_records"]["action"], "approve")

    def test_default_policy_gives_the_documented_actions(self):
        doc, user = pol.DEFAULT_POLICY, ["base.group_user", "parley.group_user"]
        self.assertEqual(pol.evaluate(doc, "search_records", user, "read"), "allow")
        self.assertEqual(pol.evaluate(doc, "render_chart", user, "render"), "allow")
        self.assertEqual(pol.evaluate(doc, "sql_select", user, "read"), "deny")
        self.assertEqual(pol.evaluate(doc, "sql_select", user + ["parley.group_sql"], "read"), "allow")
        self.assertEqual(pol.evaluate(doc, "update_records", user, "write"), "approve")
        self.assertEqual(pol.evaluate(doc, "delete_records", user, "destructive"), "approve")
        self.assertEqual(pol.evaluate(doc, "format_disk", user, "read"), "deny")


class TestEffectiveTools(unittest.TestCase):
    def test_denied_and_hidden_tools_are_left_out(self):
        doc = _doc(default="allow", hide=["list_models"],
                   tools={"search_records": {"action": "deny"}, "read_records": {"action": "allow"}})
        catalogue = {"list_models": "read", "search_records": "read", "read_records": "read"}
        self.assertEqual(pol.effective_tools(doc, [], catalogue),
                         {"read_records": {"action": "allow", "limits": []}})

    def test_default_policy_for_a_plain_user_hides_sql_and_asks_approval_for_writes(self):
        tools = pol.effective_tools(pol.DEFAULT_POLICY, ["parley.group_user"])
        self.assertNotIn("sql_select", tools)
        self.assertEqual(tools["search_records"]["action"], "allow")
        self.assertEqual(tools["update_records"]["action"], "approve")
        self.assertEqual(tools["delete_records"]["action"], "approve")
        self.assertIn({"window": "minute", "max": 60, "scope": "user"}, tools["search_records"]["limits"])

    def test_effective_tools_never_contains_allow_for_a_write(self):
        doc = _doc(default="allow")
        tools = pol.effective_tools(doc, [])
        for name, risk in pol.TOOL_CATALOGUE.items():
            if risk in pol.HUMAN_IN_THE_LOOP:
                self.assertEqual(tools[name]["action"], "approve", name)

    def test_tools_outside_the_catalogue_are_never_offered(self):
        doc = _doc(default="allow", tools={"exec_python": {"action": "allow"}})
        self.assertNotIn("exec_python", pol.effective_tools(doc, []))

    def test_invalid_document_offers_nothing(self):
        self.assertEqual(pol.effective_tools(_doc(default="yes"), []), {})


class TestSummary(unittest.TestCase):
    def test_one_line_per_catalogue_tool_with_action_groups_and_limits(self):
        lines = pol.summary(pol.DEFAULT_POLICY)
        self.assertEqual(len(lines), len(pol.TOOL_CATALOGUE))
        by_tool = {line.split(" ", 1)[0]: line for line in lines}
        self.assertIn("allow", by_tool["search_records"])
        self.assertIn("at most 60 per minute per user", by_tool["search_records"])
        self.assertIn("only for members of parley.group_sql", by_tool["sql_select"])
        self.assertIn("approve", by_tool["delete_records"])

    def test_hidden_default_unknown_and_raised_tools_are_explained(self):
        doc = _doc(hide=["list_models"], tools={"update_records": {"action": "allow"},
                                                "teleport": {"action": "allow"}})
        catalogue = {"list_models": "read", "search_records": "read", "update_records": "write"}
        lines = pol.summary(doc, catalogue)
        self.assertEqual(lines[0], "list_models (read): hidden")
        self.assertEqual(lines[1], "search_records (read): deny (default)")
        self.assertIn("a person must always approve", lines[2])
        self.assertEqual(lines[3], "teleport: not a known tool (ignored)")

    def test_default_approve_on_a_tool_that_changes_no_data_is_explained_as_deny(self):
        doc = _doc(default="approve", tools={"render_chart": {"action": "allow"}})
        catalogue = {"render_chart": "render", "render_report": "render", "create_record": "write"}
        self.assertEqual(pol.summary(doc, catalogue), [
            "render_chart (render): allow",
            "render_report (render): deny (the default is approve, but only tools that change data can be approved)",
            "create_record (write): approve (default)",
        ])

    def test_invalid_document_summary_says_everything_is_denied(self):
        lines = pol.summary(_doc(default="perhaps"))
        self.assertEqual(len(lines), 1)
        self.assertIn("every tool is denied", lines[0])


if __name__ == "__main__":
    unittest.main()
