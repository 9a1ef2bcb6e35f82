from django_tasks import task


@task()
def run_import(run_id: int, accept_warnings: bool = False):
    """Run a prepared ImportRun (file bytes in ImportRun.data); progress is written to ImportRun.progress."""
    from koers.monitoring.importing import import_file
    from koers.monitoring.models import ImportRun

    run = ImportRun.unscoped.select_related("swv", "mapping").get(pk=run_id)
    data = bytes(run.data or b"")
    run = import_file(
        run.swv,
        run.register,
        run.file_name,
        data,
        mapping=run.mapping,
        user=run.user,
        accept_warnings=accept_warnings,
        run=run,
        remove_missing=run.remove_missing,
    )
    if run.status != ImportRun.Status.WARNINGS:
        ImportRun.objects.for_swv(run.swv_id).filter(pk=run.pk).update(data=None)
    return run.status
