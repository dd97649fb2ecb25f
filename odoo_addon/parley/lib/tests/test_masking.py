"""PII masking in plain Python (no Odoo): each default rule, odd inputs, and leaks it must close."""
import unittest

from .. import masking as mk


class TestMaskValue(unittest.TestCase):
    def test_email_keeps_first_letters_and_top_level_domain(self):
        self.assertEqual(mk.mask_value("char", "john.doe@example.com", "email"), "j***@e***.com")

    def test_email_with_subdomains_and_display_name(self):
        self.assertEqual(mk.mask_value("char", "a@mail.example.co.uk", "email"), "a***@m***.uk")
        self.assertEqual(mk.mask_value("char", '"Jo Doe" <jo@doe.be>', "email"), '"Jo Doe" <j***@d***.be>')

    def test_every_address_in_a_list_is_masked(self):
        self.assertEqual(mk.mask_value("char", "a@b.com, c@d.org", "email"), "a***@b***.com, c***@d***.org")

    def test_email_without_at_sign_is_masked_entirely(self):
        self.assertEqual(mk.mask_value("char", "not an address", "email"), "***")

    def test_email_without_dot_in_domain(self):
        self.assertEqual(mk.mask_value("char", "root@localhost", "email"), "r***@l***")

    def test_long_email_field_without_an_address_run_does_not_stall_the_worker(self):
        # A 1 MB value written by anyone who may edit a partner: the address search once rescanned
        # the rest of the run from every position (about half an hour of CPU); it now reads each run once.
        value = "a" * 1_000_000 + " @ x, bob@example.com"
        self.assertTrue(mk.mask_value("char", value, "email").endswith(" @ x, b***@e***.com"))

    def test_unicode_email(self):
        self.assertEqual(mk.mask_value("char", "jöhn@bücher.de", "email"), "j***@b***.de")

    def test_phone_keeps_country_code_separators_and_last_two_digits(self):
        self.assertEqual(mk.mask_value("char", "+32 475 12 34 12", "phone"), "+32 *** ** ** 12")
        self.assertEqual(mk.mask_value("char", "+32 475 78 12", "phone"), "+32 *** ** 12")

    def test_phone_without_country_code(self):
        self.assertEqual(mk.mask_value("char", "(555) 123-4567", "phone"), "(***) ***-**67")

    def test_phone_without_separators_keeps_two_country_digits(self):
        self.assertEqual(mk.mask_value("char", "+3247512341", "phone"), "+32******41")

    def test_short_phone_is_masked_entirely(self):
        self.assertEqual(mk.mask_value("char", "112", "phone"), "***")
        self.assertEqual(mk.mask_value("char", "+3212", "phone"), "+****")

    def test_vat_keeps_country_prefix_and_last_two(self):
        self.assertEqual(mk.mask_value("char", "BE0477472701", "vat"), "BE********01")
        self.assertEqual(mk.mask_value("char", "123456789", "vat"), "*******89")

    def test_short_vat_keeps_no_tail(self):
        self.assertEqual(mk.mask_value("char", "BE12", "vat"), "BE**")

    def test_account_number_keeps_country_and_last_four(self):
        self.assertEqual(mk.mask_value("char", "BE68 5390 0754 7034", "account"), "BE** **** **** 7034")
        self.assertEqual(mk.mask_value("char", "BE68539007547034", "account"), "BE**********7034")

    def test_bank_display_name_keeps_bank_label(self):
        self.assertEqual(mk.mask_value("char", "BE68 5390 0754 1234 - ING", "account"),
                         "BE** **** **** 1234 - ING")

    def test_short_account_keeps_no_tail(self):
        self.assertEqual(mk.mask_value("char", "12345", "account"), "*****")

    def test_full_kind_hides_length_too(self):
        self.assertEqual(mk.mask_value("char", "hunter2 and more", "full"), "***")

    def test_unknown_kind_masks_everything(self):
        self.assertEqual(mk.mask_value("char", "john@example.com", "emial"), "***")

    def test_empty_values_stay_empty(self):
        for empty in (None, False, ""):
            for kind in mk.KINDS:
                self.assertIs(mk.mask_value("char", empty, kind), empty)

    def test_non_string_values_are_masked_entirely(self):
        self.assertEqual(mk.mask_value("integer", 12345678, "account"), "***")
        self.assertEqual(mk.mask_value("float", 3.5, "vat"), "***")

    def test_many2one_value_gets_its_name_masked(self):
        value = {"id": 3, "name": "BE68 5390 0754 7034", "_link": "odoo://res.partner.bank/3"}
        self.assertEqual(mk.mask_value("many2one", value, "account"),
                         {"id": 3, "name": "BE** **** **** 7034", "_link": "odoo://res.partner.bank/3"})

    def test_lists_are_masked_element_wise(self):
        self.assertEqual(mk.mask_value(None, ["a@b.com", None], "email"), ["a***@b***.com", None])


class TestMaskRecords(unittest.TestCase):
    def test_each_default_partner_rule_is_applied(self):
        records = [{"id": 7, "_link": "odoo://res.partner/7", "name": "Azure", "email": "azure@example.com",
                    "phone": "+32 475 12 34 12", "mobile": "+32 476 98 76 54", "vat": "BE0477472701"}]
        masked, fields = mk.mask_records("res.partner", records, mk.DEFAULT_RULES)
        self.assertEqual(masked[0], {"id": 7, "_link": "odoo://res.partner/7", "name": "Azure",
                                     "email": "a***@e***.com", "phone": "+32 *** ** ** 12",
                                     "mobile": "+32 *** ** ** 54", "vat": "BE********01"})
        self.assertEqual(fields, ["email", "mobile", "phone", "vat"])

    def test_bank_account_number_and_display_name_are_masked(self):
        records = [{"id": 1, "acc_number": "BE68 5390 0754 7034", "display_name": "BE68 5390 0754 7034 - ING"}]
        masked, fields = mk.mask_records("res.partner.bank", records, mk.DEFAULT_RULES)
        self.assertEqual(masked[0]["acc_number"], "BE** **** **** 7034")
        self.assertEqual(masked[0]["display_name"], "BE** **** **** 7034 - ING")
        self.assertEqual(fields, ["acc_number", "display_name"])

    def test_many2one_to_a_bank_account_does_not_leak_the_number_through_its_name(self):
        records = [{"id": 9, "partner_bank_id": {"id": 1, "name": "BE68 5390 0754 7034",
                                                 "_link": "odoo://res.partner.bank/1"}}]
        masked, fields = mk.mask_records("account.move", records, mk.DEFAULT_RULES)
        self.assertEqual(masked[0]["partner_bank_id"]["name"], "BE** **** **** 7034")
        self.assertEqual(fields, ["partner_bank_id"])

    def test_many2one_to_a_partner_keeps_its_name(self):
        records = [{"id": 9, "partner_id": {"id": 7, "name": "Azure", "_link": "odoo://res.partner/7"}}]
        masked, fields = mk.mask_records("sale.order", records, mk.DEFAULT_RULES)
        self.assertEqual(masked, records)
        self.assertEqual(fields, [])

    def test_aggregate_keys_are_masked_by_their_field_except_counts(self):
        groups = [{"email": "a@b.com", "email:max": "z@y.com", "email:count_distinct": 4, "__count": 4}]
        masked, fields = mk.mask_records("res.partner", groups, mk.DEFAULT_RULES)
        self.assertEqual(masked[0], {"email": "a***@b***.com", "email:max": "z***@y***.com",
                                     "email:count_distinct": 4, "__count": 4})
        self.assertEqual(fields, ["email", "email:max"])

    def test_empty_values_are_not_reported_as_masked(self):
        masked, fields = mk.mask_records("res.partner", [{"id": 1, "email": False}], mk.DEFAULT_RULES)
        self.assertEqual(masked, [{"id": 1, "email": False}])
        self.assertEqual(fields, [])

    def test_input_records_are_not_modified(self):
        records = [{"id": 1, "email": "a@b.com"}]
        mk.mask_records("res.partner", records, mk.DEFAULT_RULES)
        self.assertEqual(records, [{"id": 1, "email": "a@b.com"}])

    def test_model_without_rules_is_untouched(self):
        records = [{"id": 1, "email": "a@b.com"}]
        self.assertEqual(mk.mask_records("crm.lead", records, mk.DEFAULT_RULES), (records, []))

    def test_forged_link_does_not_break_masking(self):
        records = [{"id": 1, "x": {"id": 2, "name": "n", "_link": "javascript:alert(1)"}}]
        self.assertEqual(mk.mask_records("a.b", records, mk.DEFAULT_RULES), (records, []))


class TestConfiguredRules(unittest.TestCase):
    def test_empty_configuration_gives_the_defaults(self):
        self.assertEqual(mk.rules_with(""), mk.DEFAULT_RULES)
        self.assertEqual(mk.rules_with(None), mk.DEFAULT_RULES)

    def test_configured_rules_add_to_defaults_without_removing_any(self):
        rules = mk.rules_with('{"hr.employee": {"private_email": "email"}, "res.partner": {"ref": "full"}}')
        self.assertEqual(rules["hr.employee"], {"private_email": "email"})
        self.assertEqual(rules["res.partner"]["ref"], "full")
        self.assertEqual(rules["res.partner"]["email"], "email")

    def test_defaults_are_not_mutated_by_merging(self):
        mk.rules_with('{"res.partner": {"ref": "full"}}')
        self.assertNotIn("ref", mk.DEFAULT_RULES["res.partner"])

    def test_invalid_configuration_is_refused_with_a_readable_message(self):
        for bad, message in (("{nope", "not valid JSON"), ('["res.partner"]', "must be an object"),
                             ('{"Res Partner": {}}', "not a model name"),
                             ('{"res.partner": ["email"]}', "must map field names"),
                             ('{"res.partner": {"ref": "blur"}}', "kind must be one of")):
            with self.assertRaisesRegex(ValueError, message):
                mk.rules_with(bad)


if __name__ == "__main__":
    unittest.main()
