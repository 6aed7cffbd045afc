"""factory-boy factories shared by every test module."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from prizm.roles import EDITORS_GROUP, REVIEWERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("motdepasse-test")

    @classmethod
    def _create(cls, model_class, *args, editor=False, reviewer=False, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if editor:
            user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        if reviewer:
            user.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
        return user
