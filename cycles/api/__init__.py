"""The inner cycle's REST API: inspections, non-conformities, trainings, production, indicators."""
