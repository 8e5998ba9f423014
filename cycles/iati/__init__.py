"""A programme published in the IATI standard, version 2.03: one `iati-activities` document per programme, its
results straight from the logical framework (`build`), checked against the official schema before it is served
(`schema`, with the schemas kept beside it in `schema/`). What the export needs that the app does not have yet
(identifiers) is named on the export page instead (`missing`). Farmers' data never appears in it: the export
reads the programme, its organisations, its groups' countries and its framework's figures only."""
