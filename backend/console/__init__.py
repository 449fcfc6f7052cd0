"""The staff console: server-rendered pages for executives, collections, supervisors and admins."""
