"""The Dask recipe of docs/batch.md: a compiled Template travels to Dask workers because it
pickles, and renders rows of a bag or a dataframe there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docxbuild import FS, build_docx, p, r
from xxfill.filler.template import Template, compile

if os.environ.get("XXFILL_REQUIRE_DASK") == "1":
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster
else:
    db = pytest.importorskip("dask.bag")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    distributed = pytest.importorskip("dask.distributed")
    Client, LocalCluster = distributed.Client, distributed.LocalCluster


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=2, processes=False, dashboard_address=None
    )
    with Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture
def template() -> Template:
    return compile(build_docx(p(r("XX党委共召开X", FS), r("X次会议"))))


def render_to(row: dict, template: Template, out_dir: str) -> str:
    """What a Dask task does with one row: render, save, return the path."""
    path = Path(out_dir) / f"{row['XX党委']}.docx"
    template.render(row).save(path)
    return str(path)


def test_a_dask_bag_renders_every_row_on_the_cluster(client, template, tmp_path: Path) -> None:
    """``bag.map`` with the template as an argument writes one document per row."""
    rows = [{"XX党委": f"第{i}支部", "召开XX次": i} for i in range(1, 21)]
    paths = db.from_sequence(rows, npartitions=4).map(render_to, template, str(tmp_path))
    written = sorted(paths.compute())
    assert len(written) == 20
    import docx

    text = docx.Document(tmp_path / "第7支部.docx").paragraphs[0].text
    assert text == "第7支部党委共召开7次会议"


def test_a_dask_dataframe_renders_per_partition(client, template) -> None:
    """``map_partitions`` + ``render_many`` turns each partition into documents; a bad row is
    reported in place instead of failing the partition."""
    pdf = pd.DataFrame(
        {"XX党委": [f"支部{i}" for i in range(12)], "召开XX次": [*range(1, 12), None]}
    )
    ddf = dd.from_pandas(pdf, npartitions=3)

    def sizes(part: pd.DataFrame) -> pd.Series:
        out = []
        for res in template.render_many(part, errors="yield"):
            out.append(-1 if isinstance(res, Exception) else len(res.to_bytes()))
        return pd.Series(out, index=part.index)

    got = ddf.map_partitions(sizes, meta=("bytes", "int64")).compute()
    assert (got.iloc[:11] > 1000).all()
    assert got.iloc[11] == -1
