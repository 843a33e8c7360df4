"""The two groups that carry the review permissions (created by a data migration)."""

TRUSTED_GROUP = "Contributeurs de confiance"
MODERATORS_GROUP = "Modérateurs"

GROUP_PERMISSIONS = {
    TRUSTED_GROUP: ["publish_directly"],
    MODERATORS_GROUP: ["publish_directly", "moderate"],
}
