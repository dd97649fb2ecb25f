"""The read tools, called directly as the demo user (no HTTP): happy paths, caps, bad arguments,
and the access rules they must never widen."""

from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from ..agent_tools import TOOLS, ToolError, list_models
from ..lib import policy


@tagged("post_install", "-at_install")
class TestAgentTools(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("base.user_demo")
        cls.denv = cls.env(user=cls.demo)
        cls.Partner = cls.env["res.partner"]
        cls.country_be = cls.env.ref("base.be")
        cls.belgians = cls.Partner.create([
            {"name": f"Parley Belgian {i:03d}", "country_id": cls.country_be.id,
             "email": f"person{i}@example.com", "phone": "+32 475 12 34 56", "comment": "x" * 3000 if i == 0 else ""}
            for i in range(230)
        ])
        cls.other_company = cls.env["res.company"].create({"name": "Parley Other Co"})
        cls.foreign_partner = cls.Partner.create({"name": "Parley Hidden Partner", "company_id": cls.other_company.id})

    def run_tool(self, name, **args):
        return TOOLS[name].run(self.denv, args)

    # --- registry -------------------------------------------------------------------------------

    def test_registry_risk_classes_match_the_policy_catalogue(self):
        for name, tool in TOOLS.items():
            self.assertEqual(tool.name, name)
            self.assertEqual(tool.risk, policy.TOOL_CATALOGUE.get(name), name)

    def test_tool_refuses_to_run_as_superuser(self):
        for name in TOOLS:
            with self.assertRaises(AssertionError, msg=name):
                TOOLS[name].run(self.env, {"model": "res.partner"})
            with self.assertRaises(AssertionError, msg=name):
                TOOLS[name].run(self.denv(su=True), {"model": "res.partner"})

    def test_unknown_argument_is_refused(self):
        with self.assertRaises(ToolError) as caught:
            self.run_tool("search_records", model="res.partner", sudo=True)
        self.assertEqual(caught.exception.code, "validation_error")

    def test_null_optional_arguments_mean_not_given(self):
        data = self.run_tool("search_records", model="res.partner", domain=None, fields=None, order=None,
                             limit=None, offset=None)
        self.assertEqual(data["count"], min(data["total"], 50))
        with self.assertRaises(ToolError):
            self.run_tool("describe_model", model=None)

    def test_arguments_must_be_an_object(self):
        with self.assertRaises(ToolError):
            TOOLS["list_models"].run(self.denv, ["res.partner"])

    # --- list_models / describe_model ---------------------------------------------------------

    def test_list_models_filters_by_keyword_and_readability(self):
        data = self.run_tool("list_models", keyword="partner")
        names = [m["model"] for m in data["models"]]
        self.assertIn("res.partner", names)
        self.assertFalse(data["truncated"])
        config_models = self.run_tool("list_models", keyword="config")["models"]
        self.assertNotIn("ir.config_parameter", [m["model"] for m in config_models])

    def test_list_models_excludes_transient_and_abstract_models(self):
        names = {m["model"] for m in self.run_tool("list_models", keyword="")["models"]}
        everything = {m["model"] for m in self.run_tool("list_models", keyword="mail")["models"]}
        for name in names | everything:
            self.assertFalse(self.env[name]._transient or self.env[name]._abstract, name)

    def test_list_models_caps_the_list_and_says_so(self):
        with patch.object(list_models, "MAX_MODELS", 10):
            data = self.run_tool("list_models")
        self.assertEqual(len(data["models"]), 10)
        self.assertTrue(data["truncated"])

    def test_describe_model_gives_fields_and_access(self):
        data = self.run_tool("describe_model", model="res.partner")
        fields = {f["name"]: f for f in data["fields"]}
        self.assertEqual(fields["country_id"]["relation"], "res.country")
        self.assertEqual(fields["country_id"]["type"], "many2one")
        self.assertIn("selection", fields["type"])
        self.assertEqual(len(fields["tz"]["selection"]), 50)
        self.assertTrue(fields["tz"]["selection_truncated"])
        self.assertFalse(data["truncated"])
        self.assertEqual(data["access"], {"read": True, "write": True, "create": True, "unlink": True})

    def test_describe_model_hides_fields_restricted_to_other_groups(self):
        data = self.run_tool("describe_model", model="mail.message")
        names = {f["name"] for f in data["fields"]}
        self.assertIn("body", names)
        self.assertNotIn("mail_ids", names)  # groups="base.group_system"

    def test_describe_model_reports_missing_rights(self):
        self.assertFalse(self.run_tool("describe_model", model="res.country")["access"]["write"])

    def test_describe_model_of_a_model_the_user_cannot_read_raises_odoo_access_error(self):
        with self.assertRaises(AccessError):
            self.run_tool("describe_model", model="ir.config_parameter")

    def test_unknown_and_transient_models_are_not_found(self):
        for model in ("no.such.model", "base.language.install"):
            with self.assertRaises(ToolError) as caught:
                self.run_tool("describe_model", model=model)
            self.assertEqual(caught.exception.code, "not_found")
        with self.assertRaises(ToolError) as caught:
            self.run_tool("describe_model", model="res_partner; DROP TABLE res_users")
        self.assertEqual(caught.exception.code, "validation_error")

    # --- search_records -------------------------------------------------------------------------

    def test_search_records_returns_rows_links_and_total(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["name", "=like", "Parley Belgian 00%"]],
                             fields=["name", "country_id", "category_id"], order="name asc", limit=5)
        self.assertEqual(data["total"], 10)
        self.assertEqual(data["count"], 5)
        self.assertTrue(data["truncated"])
        first = data["records"][0]
        self.assertEqual(first["name"], "Parley Belgian 000")
        self.assertEqual(first["_link"], f"odoo://res.partner/{self.belgians[0].id}")
        self.assertEqual(first["country_id"], {"id": self.country_be.id, "name": "Belgium",
                                               "_link": f"odoo://res.country/{self.country_be.id}"})
        self.assertEqual(first["category_id"], [])

    def test_search_records_clamps_limit_to_200(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["name", "=like", "Parley Belgian%"]], limit=100000)
        self.assertEqual(data["count"], 200)
        self.assertEqual(data["total"], 230)
        self.assertTrue(data["truncated"])

    def test_search_records_offset_reaches_the_rest(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["name", "=like", "Parley Belgian%"]], offset=200, limit=200)
        self.assertEqual((data["count"], data["truncated"]), (30, False))

    def test_long_text_is_cut_and_flagged(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["id", "=", self.belgians[0].id]], fields=["comment"])
        self.assertTrue(data["truncated"])
        self.assertEqual(len(data["records"][0]["comment"]), 2001)
        self.assertTrue(data["records"][0]["comment"].endswith("…"))

    def test_binary_fields_are_never_returned(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["id", "=", self.belgians[0].id]], fields=["image_1920"])
        self.assertNotIn("image_1920", data["records"][0])
        self.assertEqual(data["skipped_fields"][0]["field"], "image_1920")

    def test_datetimes_are_iso_strings(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["id", "=", self.belgians[0].id]], fields=["create_date"])
        self.assertRegex(data["records"][0]["create_date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

    def test_bad_search_arguments_are_validation_errors(self):
        bad = [
            {"domain": "[('id','=',1)]"},
            {"domain": [["nope", "=", 1]]},
            {"domain": [["name", "===", "x"]]},
            {"domain": [["name", "=", {"$ne": 1}]]},
            {"domain": [["name", "="]]},
            {"domain": ["&", ["name", "=", "x"]]},
            {"domain": [["name.id", "=", 1]]},
            {"fields": ["nope"]},
            {"fields": "name"},
            {"order": "name; DELETE FROM res_partner"},
            {"order": "(SELECT 1)"},
            {"order": "nope desc"},
            {"order": "display_name"},
            {"limit": 0},
            {"limit": "10"},
            {"limit": True},
            {"offset": -1},
            {"domain": [["id", "=", "abc"]]},
            {"domain": [["id", "in", [1, "2; DROP"]]]},
            {"domain": [["create_date", ">", "yesterday"]]},
            {"domain": [["color", ">", [1]]]},
            {"domain": [["name", "=", "nul\x00byte"]]},
        ]
        for extra in bad:
            with self.subTest(extra=extra), self.assertRaises(ToolError) as caught:
                self.run_tool("search_records", model="res.partner", **extra)
            self.assertEqual(caught.exception.code, "validation_error", extra)

    def test_search_on_a_model_the_user_cannot_read_raises_odoo_access_error(self):
        with self.assertRaises(AccessError):
            self.run_tool("search_records", model="ir.config_parameter")

    def test_field_restricted_to_another_group_raises_odoo_access_error(self):
        for args in ({"fields": ["mail_ids"]}, {"domain": [["mail_ids", "!=", False]]},
                     {"domain": [["author_id.user_ids.message_ids.mail_ids", "!=", False]]},
                     {"order": "mail_ids"}):
            with self.subTest(args=args), self.assertRaises(AccessError):
                self.run_tool("search_records", model="mail.message", **args)
        with self.assertRaises(AccessError):
            self.run_tool("read_records", model="mail.message", ids=[1], fields=["mail_ids"])
        with self.assertRaises(AccessError):
            self.run_tool("aggregate_records", model="mail.message", measures=["mail_ids:count"])

    def test_search_with_a_date_domain(self):
        data = self.run_tool("search_records", model="res.partner",
                             domain=[["create_date", ">=", "2000-01-01 00:00:00"],
                                     ["name", "=like", "Parley Belgian%"]])
        self.assertEqual(data["total"], 230)

    def test_record_rules_hide_other_company_records_from_search(self):
        data = self.run_tool("search_records", model="res.partner", domain=[["name", "=like", "Parley Hidden%"]])
        self.assertEqual(data["total"], 0)
        # The same search by a user of that company finds it: the rule, not the tool, hid it.
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.other_company
        admin_env = self.env(user=admin, context={"allowed_company_ids": [self.other_company.id]})
        found = TOOLS["search_records"].run(admin_env, {"model": "res.partner",
                                                        "domain": [["name", "=like", "Parley Hidden%"]]})
        self.assertEqual(found["total"], 1)

    # --- read_records ---------------------------------------------------------------------------

    def test_read_records_reads_and_lists_missing_ids(self):
        ids = self.belgians[:3].ids
        data = self.run_tool("read_records", model="res.partner", ids=ids + [999999999], fields=["name"])
        self.assertEqual([r["id"] for r in data["records"]], ids)
        self.assertEqual(data["missing"], [999999999])
        self.assertFalse(data["truncated"])

    def test_read_records_default_fields_are_bounded_and_never_binary(self):
        record = self.run_tool("read_records", model="res.partner", ids=self.belgians[:1].ids)["records"][0]
        self.assertIn("display_name", record)
        self.assertLessEqual(len(record), 32)
        self.assertFalse({"image_1920", "image_128", "avatar_128"} & set(record))

    def test_read_records_caps_ids_at_200(self):
        data = self.run_tool("read_records", model="res.partner", ids=self.belgians.ids, fields=["name"])
        self.assertEqual(len(data["records"]), 200)
        self.assertTrue(data["truncated"])

    def test_read_records_caps_fields_at_50(self):
        names = [f["name"] for f in self.run_tool("describe_model", model="res.partner")["fields"]
                 if f["type"] != "binary"][:60]
        data = self.run_tool("read_records", model="res.partner", ids=self.belgians[:1].ids, fields=names)
        self.assertTrue(data["truncated"])
        self.assertLessEqual(len(data["records"][0]), 52)

    def test_read_records_rejects_bad_ids(self):
        for ids in ([], "1,2", [1, "2"], [True], [-3], [1.5], None):
            with self.subTest(ids=ids), self.assertRaises(ToolError):
                self.run_tool("read_records", model="res.partner", ids=ids)

    def test_read_records_of_a_record_hidden_by_a_record_rule_raises_odoo_access_error(self):
        with self.assertRaises(AccessError):
            self.run_tool("read_records", model="res.partner", ids=[self.foreign_partner.id], fields=["name"])

    # --- aggregate_records ----------------------------------------------------------------------

    def test_aggregate_counts_by_country(self):
        data = self.run_tool("aggregate_records", model="res.partner", groupby=["country_id"],
                             measures=["__count", "id:count_distinct"],
                             domain=[["name", "=like", "Parley Belgian%"]])
        self.assertEqual(data["groups"], [{
            "country_id": {"id": self.country_be.id, "name": "Belgium",
                           "_link": f"odoo://res.country/{self.country_be.id}"},
            "id:count_distinct": 230, "__count": 230}])
        self.assertFalse(data["truncated"])

    def test_aggregate_by_date_granularity_and_sum(self):
        data = self.run_tool("aggregate_records", model="res.partner", groupby=["create_date:year"],
                             measures=["color:sum", "color:max"], domain=[["name", "=like", "Parley Belgian%"]],
                             order="color:sum desc")
        self.assertEqual(len(data["groups"]), 1)
        group = data["groups"][0]
        self.assertIsInstance(group["create_date:year"], str)
        self.assertEqual(group["color:sum"], 0)
        self.assertIn("__range", group)

    def test_aggregate_limits_groups_and_says_so(self):
        data = self.run_tool("aggregate_records", model="res.partner", groupby=["name"],
                             domain=[["name", "=like", "Parley Belgian%"]], limit=10)
        self.assertEqual(len(data["groups"]), 10)
        self.assertTrue(data["truncated"])
        data = self.run_tool("aggregate_records", model="res.partner", groupby=["name"],
                             domain=[["name", "=like", "Parley Belgian%"]], limit=10**6)
        self.assertEqual(len(data["groups"]), 230)

    def test_aggregate_rejects_bad_specs(self):
        bad = [
            {"groupby": ["country_id:month"]},
            {"groupby": ["create_date:fortnight"]},
            {"groupby": ["image_1920"]},
            {"groupby": ["display_name"]},
            {"groupby": ["a", "b", "c", "d", "e"]},
            {"measures": ["name:sum"]},
            {"measures": ["id:array_agg"]},
            {"measures": ["id:recordset"]},
            {"measures": ["color:sum(1)"]},
            {"measures": ["color"]},
            {"groupby": ["country_id"], "order": "name desc"},
            {"groupby": ["country_id"], "order": "country_id; SELECT 1"},
        ]
        for extra in bad:
            with self.subTest(extra=extra), self.assertRaises(ToolError):
                self.run_tool("aggregate_records", model="res.partner", **extra)

    def test_aggregate_on_a_model_the_user_cannot_read_raises_odoo_access_error(self):
        with self.assertRaises(AccessError):
            self.run_tool("aggregate_records", model="ir.config_parameter", groupby=["key"])

    def test_aggregate_respects_record_rules(self):
        data = self.run_tool("aggregate_records", model="res.partner", measures=["__count"],
                             domain=[["name", "=like", "Parley Hidden%"]])
        self.assertEqual(data["groups"][0]["__count"], 0)
