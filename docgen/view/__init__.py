"""Stage 3, view: everything the template sees of one document.

compute (sums and shares checked against their parts), status (a styrtal's status from its
outcome and target), followup (outcomes of a period against the plan), cases (decision drafts
and agendas), revisions (what changed between two versions, as decision text), language
(generated Swedish sentences), formatting (Swedish numbers and dates), node (a source item as the
template sees it), context (the template's context, assembled from all of the above).
"""
