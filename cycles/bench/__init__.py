"""What the benchmarks measure against: synthetic groups with years of records, the bare view that is the floor
of the stack, and the page benchmark's server, people and load (`manage.py benchmark_pages`)."""
