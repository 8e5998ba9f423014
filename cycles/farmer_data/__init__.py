"""A farmer's rights over their data (Kenya's Data Protection Act 2019, South Africa's POPIA): everything the app
keeps about one member, taken out as one file on request (`export`), and erased on request (`erasure`) while the
counts the reports and indicators read stay as they were. Only the group's managers and coordinators handle these
requests (`producers.selectors.can_handle_data_requests`), and each is written to the security log.
"""
