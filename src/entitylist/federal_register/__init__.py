"""The Federal Register as a source of facts about list changes: the rules that amend the
lists (documents search and public inspection), citations resolved to them, rules no list
in force reflects yet, and listing dates derived from them."""
