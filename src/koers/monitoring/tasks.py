from django_tasks import task


@task()
def run_import(run_id: int, accept_warnings: bool = False):
    """Run a prepared ImportRun (its file sealed in ImportRun.data); progress is written to ImportRun.progress.

    The file is wiped once it is processed, whatever the outcome; only a run that stops on warnings keeps it
    (still sealed, until it is confirmed, cancelled or expires).
    """
    from django.utils.translation import gettext as _

    from koers.monitoring import services, staging
    from koers.monitoring.importing import import_file
    from koers.monitoring.models import ImportRun

    run = ImportRun.unscoped.select_related("swv", "mapping").get(pk=run_id)
    if run.status not in (ImportRun.Status.PENDING, ImportRun.Status.RUNNING):
        return run.status  # cancelled (or already processed) before the worker got to it
    data = staging.unseal(run.data)
    if data is None:
        run.status = ImportRun.Status.FAILED
        run.problems = [
            {
                "file": run.file_name,
                "sheet": "",
                "row": 0,
                "column": "",
                "field": "",
                "problem": _("Het bestand is niet meer beschikbaar (gewist of verlopen). Kies het opnieuw."),
                "level": "fout",
            }
        ]
        run.save(update_fields=["status", "problems"])
        services.purge_import_data(run.pk)
        return run.status
    try:
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
    finally:
        del data
        current = ImportRun.unscoped.filter(pk=run_id).values_list("status", flat=True).first()
        if current != ImportRun.Status.WARNINGS:
            services.purge_import_data(run_id)
    return run.status
