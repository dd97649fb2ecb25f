"""PII masking on every read tool, as the demo user: values masked before they leave Odoo, no
search that could recover them piece by piece, and the group that sees them unmasked."""

from odoo.tests import TransactionCase, tagged

from ..agent_tools import TOOLS, ToolError, mask_result


@tagged("post_install", "-at_install")
class TestAgentToolsMasking(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("base.user_demo")
        cls.denv = cls.env(user=cls.demo)
        cls.partner = cls.env["res.partner"].create({
            "name": "Parley Masked Partner", "email": "john.doe@example.com",
            "phone": "+32 475 12 34 12", "mobile": "+32 476 98 76 54", "vat": "BE0477472701", "ref": "R-778899",
        })
        cls.bank = cls.env["res.partner.bank"].create({"partner_id": cls.partner.id,
                                                       "acc_number": "BE68 5390 0754 7034"})
        cls.domain = [["name", "=", "Parley Masked Partner"]]

    def call(self, name, env=None, **args):
        env = env or self.denv
        return mask_result(env, name, TOOLS[name].run(env, args))

    def unmask_demo(self):
        self.demo.groups_id |= self.env.ref("parley.group_pii_unmasked")

    def test_search_records_masks_partner_contact_fields(self):
        data = self.call("search_records", model="res.partner", domain=self.domain,
                         fields=["name", "email", "phone", "mobile", "vat"])
        record = data["records"][0]
        self.assertEqual(record["name"], "Parley Masked Partner")
        self.assertEqual(record["email"], "j***@e***.com")
        self.assertEqual(record["phone"], "+32 *** ** ** 12")
        self.assertEqual(record["mobile"], "+32 *** ** ** 54")
        self.assertEqual(record["vat"], "BE********01")
        self.assertEqual(data["masked_fields"], ["email", "mobile", "phone", "vat"])

    def test_read_records_masks_partner_contact_fields(self):
        data = self.call("read_records", model="res.partner", ids=self.partner.ids, fields=["email", "vat"])
        self.assertEqual(data["records"][0]["email"], "j***@e***.com")
        self.assertEqual(data["records"][0]["vat"], "BE********01")

    def test_read_records_default_fields_are_masked_too(self):
        record = self.call("read_records", model="res.partner", ids=self.partner.ids)["records"][0]
        self.assertNotIn("john.doe@example.com", str(record))
        self.assertNotIn("0477472701", str(record))

    def test_aggregate_group_values_and_min_max_are_masked(self):
        data = self.call("aggregate_records", model="res.partner", groupby=["email"], domain=self.domain)
        self.assertEqual(data["groups"][0]["email"], "j***@e***.com")
        self.assertEqual(data["groups"][0]["__count"], 1)

    def test_inherited_email_of_users_is_masked(self):
        data = self.call("search_records", model="res.users", domain=[["id", "=", self.demo.id]], fields=["email"])
        self.assertIn("***", data["records"][0]["email"])
        self.assertEqual(data["masked_fields"], ["email"])

    def test_bank_account_number_and_name_are_masked(self):
        data = self.call("read_records", model="res.partner.bank", ids=self.bank.ids,
                         fields=["acc_number", "display_name"])
        self.assertEqual(data["records"][0]["acc_number"], "BE** **** **** 7034")
        self.assertEqual(data["records"][0]["display_name"], "BE** **** **** 7034")

    def test_pattern_search_on_a_masked_field_is_refused(self):
        for leaf in (["email", "ilike", "john"], ["email", "=like", "j%"], ["vat", ">", "BE04"],
                     ["partner_id.email", "ilike", "john"], ["bank_ids", "ilike", "BE68"],
                     ["bank_ids", "any", [["acc_number", "like", "BE68%"]]]):
            model = "res.partner.bank" if leaf[0] == "partner_id.email" else "res.partner"
            with self.subTest(leaf=leaf), self.assertRaises(ToolError) as caught:
                TOOLS["search_records"].run(self.denv, {"model": model, "domain": [leaf]})
            self.assertIn("masked", caught.exception.message)

    def test_name_search_that_would_match_masked_fields_is_refused_with_a_way_out(self):
        for model, leaf in (("res.partner.bank", ["partner_id", "ilike", "john.doe"]),
                            ("res.partner", ["display_name", "ilike", "john.doe"]),
                            ("res.partner", ["parent_id", "not ilike", "john"])):
            with self.subTest(leaf=leaf), self.assertRaises(ToolError) as caught:
                TOOLS["search_records"].run(self.denv, {"model": model, "domain": [leaf]})
            self.assertIn("search a plain field instead", caught.exception.message)
        data = self.call("search_records", model="res.partner.bank",
                         domain=[["partner_id.name", "ilike", "Parley Masked"]])
        self.assertEqual(data["total"], 1)

    def test_aggregate_order_by_a_masked_group_is_refused_but_counts_are_fine(self):
        with self.assertRaises(ToolError):
            TOOLS["aggregate_records"].run(self.denv, {"model": "res.partner", "groupby": ["email"],
                                                       "order": "email desc"})
        data = self.call("aggregate_records", model="res.partner", groupby=["country_id"],
                         measures=["email:count_distinct"], order="email:count_distinct desc", domain=self.domain)
        self.assertEqual(data["groups"][0]["email:count_distinct"], 1)

    def test_testing_many_guesses_at_once_on_a_masked_field_is_refused(self):
        guesses = [f"guess{i}@example.com" for i in range(11)]
        for model, leaf in (("res.partner", ["email", "in", guesses]),
                            ("res.partner.bank", ["partner_id", "in", guesses])):
            with self.subTest(leaf=leaf), self.assertRaises(ToolError):
                TOOLS["search_records"].run(self.denv, {"model": model, "domain": [leaf]})
        data = self.call("search_records", model="res.partner",
                         domain=[["email", "in", guesses[:9] + ["john.doe@example.com"]]])
        self.assertEqual(data["total"], 1)
        data = self.call("search_records", model="res.partner", domain=[["id", "in", list(range(1, 500))]])
        self.assertGreater(data["total"], 0)

    def test_ordering_by_a_masked_field_is_refused(self):
        with self.assertRaises(ToolError):
            TOOLS["search_records"].run(self.denv, {"model": "res.partner", "order": "email"})

    def test_exact_search_on_a_masked_field_is_allowed(self):
        data = self.call("search_records", model="res.partner", domain=[["email", "=", "john.doe@example.com"]])
        self.assertEqual(data["total"], 1)

    def test_members_of_the_unmasked_group_see_real_values_and_may_pattern_search(self):
        self.unmask_demo()
        data = self.call("search_records", model="res.partner", domain=[["email", "ilike", "john.doe"]],
                         fields=["email", "vat"])
        self.assertEqual(data["records"][0]["email"], "john.doe@example.com")
        self.assertEqual(data["records"][0]["vat"], "BE0477472701")
        self.assertNotIn("masked_fields", data)
        data = self.call("search_records", model="res.partner.bank", domain=[["partner_id", "ilike", "john.doe"]])
        self.assertEqual(data["total"], 1)

    def test_configured_rules_add_to_the_defaults(self):
        self.env["ir.config_parameter"].sudo().set_param("parley.masking_rules", '{"res.partner": {"ref": "full"}}')
        data = self.call("read_records", model="res.partner", ids=self.partner.ids, fields=["ref", "email"])
        record = data["records"][0]
        self.assertEqual(record["ref"], "***")
        self.assertEqual(record["email"], "j***@e***.com")

    def test_invalid_configured_rules_keep_the_defaults(self):
        self.env["ir.config_parameter"].sudo().set_param("parley.masking_rules", '{"res.partner": {"ref": "blur"}}')
        with self.assertLogs("odoo.addons.parley.agent_tools._masking", "ERROR"):
            data = self.call("read_records", model="res.partner", ids=self.partner.ids, fields=["email"])
        record = data["records"][0]
        self.assertEqual(record["email"], "j***@e***.com")

    def test_results_without_records_are_left_alone(self):
        data = self.call("describe_model", model="res.partner")
        self.assertNotIn("masked_fields", data)
        self.assertEqual(mask_result(self.denv, "list_models", None), None)

    def test_sql_results_mask_columns_named_like_masked_fields(self):
        data = {"columns": ["name", "email"], "rows": [["A", "a@b.com"]], "tables": ["res_partner"],
                "row_count": 1, "truncated": False}
        masked = mask_result(self.denv, "sql_select", data)
        self.assertEqual(masked["rows"], [["A", "a***@b***.com"]])
        self.assertEqual(masked["masked_fields"], ["email"])
        self.assertEqual(data["rows"], [["A", "a@b.com"]])
