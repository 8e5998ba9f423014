"""Reports drawn from the records: the donors' progress report (`progress`, its charts in `charts`, its PDF in
`pdf`) and the outer cycle's coordination report (`coordination`). The jobs that make them in the background are
in `cycles.services`."""
