"""Document engine: official documents (公文) as DOCX, HTML and PDF, and the ledger as XLSX.

Nothing here touches the database. ``layout`` turns a neutral :class:`OfficialDocument` into
GB/T 9704-2012 pages; ``xlsx`` writes and reads the rectification ledger (整改台账).
"""
