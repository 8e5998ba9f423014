"""The demo: a Kenyan coffee pilot and two South African vegetable groups, their support structure and history.

One module per part of the story, read in this order:

- `story`: the fictional organisations, people, groups, programme and certificates, as constants;
- `history`: each group's phase moves and criterion answers, dated;
- `register`: the members and plots drawn for each group from one seeded generator;
- `records`: the improvement records (inspections, findings, trainings, production, audits);
- `support_certified` and `support`: the outer cycle's services to the groups;
- `logframe`: the programme's logical framework;
- `seed`: `seed_demo`, which writes all of it in one transaction (run by `manage.py seed_demo`).
"""
