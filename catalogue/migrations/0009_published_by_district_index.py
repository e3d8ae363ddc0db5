from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0008_verification_wording"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["district", "seller"],
                name="catalogue_pub_district_seller",
            ),
        ),
        migrations.AddIndex(
            model_name="product",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["district", "-published_at", "-id"],
                name="catalogue_pub_district_newest",
            ),
        ),
    ]
