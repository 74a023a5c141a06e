"""The test suite's own app (jindu/settings/test.py): its `flush` is what a transactional test's clean-up runs."""
