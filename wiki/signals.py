"""What the revision machinery tells other apps, inside the writing transaction.

`content_saved` follows every new revision (create, edit, revert, rollback, rename,
restore) and `content_deleted` every deletion, so that data kept elsewhere about
the current content (the search index) changes in the same transaction.
Receivers get `sender` (the model) and `obj`.
"""

from django.dispatch import Signal

content_saved = Signal()
content_deleted = Signal()
