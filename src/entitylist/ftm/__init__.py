"""FollowTheMoney (the data model of OpenSanctions and Aleph): the lists in force written as
FtM entities, and FtM entity files read as a source (sources/ftm.py)."""
