"""Background tasks of core (run by ``koers taakwerker``)."""

from django_tasks import task


@task()
def read_upload(run_id: int):
    """Read a plan or organisation file sealed in a FileImport (see :mod:`koers.core.uploads`)."""
    from koers.core.uploads import process

    return process(run_id)


@task()
def apply_upload(run_id: int):
    """Import a confirmed plan or organisation file (see :func:`koers.core.uploads.apply_confirmed`)."""
    from koers.core.uploads import apply_confirmed

    return apply_confirmed(run_id)
