"""Sources, documents and citations arrive with the sources issue.

Until then a dossier cites its sources as plain links in its markdown body.
"""
