"""Field capture's views: the OpenRosa endpoints a phone talks to (`openrosa`), and the pages people use (`keys`,
`group`, `review`)."""
