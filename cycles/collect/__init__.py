"""Field capture without signal: hivos-qm as an OpenRosa server for ODK Collect and KoboCollect.

`xlsform` makes a round's form, `media` the files it ships with, `keys` the per-device keys, `receive` turns a
submission into an inspection through the inspection services (or keeps it for review), `review` is the field
officer's queue, `imports` brings in submissions collected with KoboToolbox or ODK Central, `openrosa` speaks the
protocol, `views` and `urls` serve it.
"""
