"""Access expectations of the monitoring routes that are not in tests/test_access_matrix.py itself."""


def expectations(Rule):
    return {
        "monitoring:mapping_export": Rule({"beheerder", "bureau"}, {"pk": "mapping"}, scoped=True),
        # pupil-level (beschikkingsnummers): the bureau, as the register pages; a schoolbestuur never
        "monitoring:funding_mismatches": Rule({"beheerder", "bureau"}, {}, scoped=False, bestuur="deny"),
    }
