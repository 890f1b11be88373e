"""Generators for hostile inputs: zip bombs, odd file names, damaged backups, ...

Nothing large is committed: each module builds its files at test time into a temporary
folder. One module per area, named after what it attacks.
"""
