# No operations. Two apps' migrations were generated in parallel against two names of the
# export-stats migration (marketplace 0001 names this one, cms 0002 names 0002_export_stats);
# this node keeps both names valid in one straight line. Never renumber either.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_export_stats")]

    operations: list = []
