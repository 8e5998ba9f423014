"""The REST API of the register (organisations, groups, members, plots, programmes) and what every API view shares:
token authentication, paging, throttling, problem details, and the ETag/If-Match check (`concurrency`)."""
