"""Exchange formats: the one configurable importer and the standard formats OnePlan writes."""
