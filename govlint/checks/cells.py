"""The statistics tables cell by cell: rows and columns present, values valid, 勾稽 relations hold."""

from __future__ import annotations

from govlint.checks import Rule, fmt_number, register
from govlint.diagnostics import Location, Severity
from govlint.facts import Context
from govlint.normalize import norm
from govlint.tables import (Instance, ReadTable, Token, annex_instead, doubtful_values, instances, label_written, readability,
                            unplaced_rows, well_read)


def _table_loc(table: ReadTable) -> Location:
    first = next((l for l in table.lines if not l.blank), table.lines[0])
    return Location(first.display, first.offset + 1)


def _signed(row: str, column: str) -> bool:
    """A change (2019 table 1's 本年增/减) may be negative."""
    return "change" in row or "change" in column


@register
class MissingTableRow(Rule):
    id = "missing-table-row"
    code = "GL402"
    severity = Severity.ERROR
    family = "tables"
    summary = "统计表缺少格式规定的行"
    message = {"zh": "《{table}》缺少“{row}”这一行", "en": "table “{table}” lacks the row “{row}”"}
    suggestion = {"zh": "按格式补上“{row}”一行（没有发生的填 0）", "en": "add the row “{row}” (0 if none)"}
    rationale = "统计表的行由国办统一规定（国办发〔2014〕32号；国办公开办函〔2019〕60号、〔2021〕30号），不能删减；没有发生的事项填 0。"
    fix = "按规定格式补齐缺少的行。"
    example_bad = "| 四、结转下年度继续办理 |（缺少“二、上年结转政府信息公开申请数量”一行）"
    example_good = "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    summary_en = "a statistics table lacks a row the format prescribes"
    rationale_en = ("The rows of the statistics tables are fixed by the State Council's general office (“国办发〔2014〕32号”; "
                    "“国办公开办函〔2019〕60号”, “〔2021〕30号”) and may not be dropped; what did not happen is filled in as 0.")
    fix_en = "add the missing rows as the format prescribes."

    def check(self, ctx: Context):
        for table in ctx.trusted_tables.values():
            if not table.spec.required:
                continue  # a local annex (the 2008 附表): its rows vary from place to place
            if not well_read(table):
                continue  # unreadable-table says so once
            if ctx.cut_before(table.spec.section):
                continue  # rows after the point where the text stops
            for rr in table.rows.values():
                if not rr.found and rr.spec.required and not label_written(table, rr.spec):
                    yield self.diag(ctx, _table_loc(table), table=table.spec.title,
                                    row=rr.spec.label or self.text(ctx, "values_row"),
                                    data={"table": table.spec.id, "row": rr.spec.id})


@register
class MissingTableColumn(Rule):
    id = "missing-table-column"
    code = "GL403"
    severity = Severity.ERROR
    family = "tables"
    summary = "统计表缺少格式规定的列"
    message = {"zh": "《{table}》缺少列“{column}”：{detail}", "en": "table “{table}” lacks the column “{column}”: {detail}"}
    rationale = "统计表的列由国办统一规定；缺少一列时各行的数值错位，无法核对。"
    fix = "按规定格式补齐缺少的列。"
    example_bad = "| 信息内容 | 本年制发件数 | 现行有效件数 |"
    example_good = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"
    summary_en = "a statistics table lacks a column the format prescribes"
    rationale_en = "The columns of the statistics tables are fixed; with a column missing, the values of every row shift and cannot be checked."
    fix_en = "add the missing column as the format prescribes."
    texts = {"short_row": {"zh": "“{row}”只有 {n} 个数值，应为 {want} 个", "en": "“{row}” has {n} values, not {want}"},
             "printed_twice": {"zh": "表头把“{other}”印了两次，没有这一列的名称", "en": "the header prints “{other}” twice and not this column"},
             "column_sep": {"zh": "”“", "en": "”, “"}}

    def check(self, ctx: Context):
        for table in ctx.trusted_tables.values():
            if not table.spec.columns:
                continue
            text = "".join(t.key for t in table.tokens if t.kind == "text")
            short = [rr for rr in table.rows.values()
                     if rr.found and rr.spec.values and rr.values and not any(t.glued for t in rr.values)
                     and len(rr.values) < len(table.columns_of(rr.spec))]  # glued digits: as many as they split into
            # the columns whose label is not printed and which a short row lacks, grouped by that row:
            # one finding per row that shows them missing
            by_row: dict[int, tuple] = {}
            for col in table.spec.columns:
                if col.optional or any(norm(x) in text for x in [col.label, *col.aliases]):
                    continue
                rows_short = [rr for rr in short if col.id in table.columns_of(rr.spec)]
                if not rows_short:
                    twice = self._printed_twice(table, text, col)
                    if twice is not None:  # "本年新制作数量" twice, "本年新公开数量" never: a header copied over
                        yield self.diag(ctx, _table_loc(table), table=table.spec.title, column=col.label,
                                        detail=self.text(ctx, "printed_twice", other=twice),
                                        data={"table": table.spec.id, "column": col.id})
                    continue  # else the label is garbled (PDF text) but every row has its values
                rr = rows_short[0]
                by_row.setdefault(id(rr), (rr, []))[1].append(col)
            for rr, cols in by_row.values():
                detail = self.text(ctx, "short_row", row=rr.spec.label or self.text(ctx, "values_row"),
                                   n=len(rr.values), want=len(table.columns_of(rr.spec)))
                yield self.diag(ctx, (rr.label[0] if rr.label else rr.values[0]).location, table=table.spec.title,
                                column=self.text(ctx, "column_sep").join(c.label for c in cols), detail=detail,
                                data={"table": table.spec.id, "column": cols[0].id if len(cols) == 1 else [c.id for c in cols]})


    @staticmethod
    def _printed_twice(table: ReadTable, text: str, col) -> str | None:
        """A label of a column that shares a row with ``col`` printed more often than the table
        has such columns, while ``col``'s own label is not printed (labels of five characters or
        more, counted outside the row labels: "其他" is also a row's and "法人或其他组织"'s word)."""
        if len(norm(col.label)) < 5:
            return None
        labels = {id(t) for rr in table.rows.values() for t in rr.label}
        text = "".join(t.key for t in table.tokens if t.kind == "text" and id(t) not in labels)
        for rr in table.rows.values():
            cols = table.columns_of(rr.spec)
            if col.id not in cols:
                continue
            for other in table.spec.columns:
                if other.id == col.id or other.id not in cols:
                    continue
                want = sum(1 for c in table.spec.columns if c.label == other.label)
                if len(norm(other.label)) >= 5 and text.count(norm(other.label)) > want:
                    return other.label
        return None


@register
class InvalidTableValue(Rule):
    id = "invalid-table-value"
    code = "GL404"
    severity = Severity.ERROR
    family = "tables"
    summary = "统计表中的数值无效"
    message = {"zh": "《{table}》“{row}”{column}的值“{found}”无效：{why}", "en": "table “{table}”, “{row}” {column}: “{found}” is invalid: {why}"}
    rationale = "统计表填报的是件数、条数等计数：只能是非负整数（金额可有小数）；没有发生的填 0，不适用的填“/”。"
    fix = "改为正确的数值。"
    example_bad = "| （一）予以公开 | 无 | 1.5 | -1 |"
    example_good = "| （一）予以公开 | 0 | 2 | 1 |"
    summary_en = "a value in a statistics table is invalid"
    rationale_en = ("The statistics tables count cases, items and people: a value is a whole number that is not negative "
                    "(amounts of money may have decimals); 0 where nothing happened, “/” where a cell does not apply.")
    fix_en = "correct the value."
    texts = {
        "not_a_number": {"zh": "应填数字（没有的填 0）", "en": "a number is expected (0 if none)"},
        "negative": {"zh": "不能为负数", "en": "it cannot be negative"},
        "not_integer": {"zh": "应为整数", "en": "a whole number is expected"},
        "column": {"zh": "（{name}）", "en": "(“{name}”)"},
    }

    def check(self, ctx: Context):
        for table in ctx.trusted_tables.values():
            for rr in table.rows.values():
                if not rr.found or not rr.spec.values:
                    continue
                label = rr.spec.label or self.text(ctx, "values_row")
                if not rr.readable:
                    continue  # values that could not be placed: reported by unreadable-table
                for col, t in rr.cells.items():
                    why = None
                    if t.invalid:
                        why = self.text(ctx, "not_a_number")
                    elif t.value is not None and t.value < 0 and not _signed(rr.spec.id, col):
                        why = self.text(ctx, "negative")
                    elif t.value is not None and rr.spec.integer and not float(t.value).is_integer():
                        why = self.text(ctx, "not_integer")
                    if why:
                        name = table.column_label(col) if table.spec.columns else ""
                        yield self.diag(ctx, t.location, table=table.spec.title, row=label,
                                        column=self.text(ctx, "column", name=name) if name else "", found=t.text, why=why,
                                        data={"table": table.spec.id, "row": rr.spec.id, "column": col})


@register
class TableSumMismatch(Rule):
    id = "table-sum-mismatch"
    code = "GL405"
    severity = Severity.ERROR
    family = "tables"
    summary = "统计表的勾稽关系不成立"
    message = {"zh": "勾稽关系{names}{where}不成立：{detail}",
               "en": "relation {names} does not hold{where}: {detail}"}
    rationale = ("统计表各项之间有固定的勾稽关系（如（七）总计等于（一）至（六）之和，每一行各类申请人之和等于总计，"
                 "第一项加第二项之和等于第三项加第四项之和），评估机构逐项核对；不成立说明有数字填错。关系写在规则包中。")
    fix = "逐项核对相关数字，改正填错的一项。"
    example_bad = "| （七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 5 |   ← 3 + 1 ≠ 5"
    example_good = "| （七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |"
    summary_en = "a relation between a statistics table's cells does not hold"
    rationale_en = ("The cells of the statistics tables are related (a total is the sum of its parts, each row's "
                    "applicants add up to its total, items one and two together equal items three and four); "
                    "evaluators check each, and one that fails means a figure is wrong. The relations are in the pack.")
    fix_en = "check the figures of the relation and correct the wrong one."
    texts = {
        "should_be": {"zh": "{label}应为 {sum}，表中为 {found}", "en": "“{label}” should be {sum}; the table has {found}"},
        "at_least": {"zh": "{label}不应小于 {sum}，表中为 {found}",
                     "en": "“{label}” should not be less than {sum}; the table has {found}"},
        "unequal": {"zh": "{left} = {lsum}，而 {right} = {rsum}", "en": "{left} = {lsum}, but {right} = {rsum}"},
        "in_column": {"zh": "（{column}列）", "en": " (column “{column}”)"},
        # where a relation fails: a column or a row (a row's label often holds brackets: “（七）总计”)
        "column": {"zh": "{column}列", "en": "column “{column}”"},
        "row": {"zh": "“{row}”一行", "en": "row “{row}”"},
        "where": {"zh": "在{place}", "en": " ({place})"},
        "placed": {"zh": "{where}，{detail}", "en": "{detail}{where}"},
        "name": {"zh": "“{name}”", "en": "“{name}”"},
        "suspect": {"zh": "“{row}”{column}的“{value}”很可能填错，这 {n} 个关系都因它不成立——{details}",
                    "en": "“{row}”{column}: “{value}” is most likely wrong; all {n} relations fail through it: {details}"},
        "detail_sep": {"zh": "；", "en": "; "},
    }

    def check(self, ctx: Context):
        # a table OCR read too: its relations through numbers read without confidence are skipped
        for table in ctx.tables.values():
            broken = [inst for ident in table.spec.identities for inst in instances(table, ident) if not inst.ok]
            yield from self._report(ctx, table, broken)

    def _report(self, ctx: Context, table: ReadTable, broken: list[Instance]):
        """One finding per wrong cell: a cell common to several broken relations is named once, as
        the one most likely wrong; a relation broken alone is reported at its total."""
        order = {rid: n for n, rid in enumerate(table.rows)}
        col_order = {c.id: n for n, c in enumerate(table.spec.columns)}
        remaining = list(broken)
        while remaining:
            counts: dict[tuple[str, str], int] = {}
            for inst in remaining:
                for cell in _cells_of(inst):
                    counts[cell] = counts.get(cell, 0) + 1
            cell, n = min(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0][0], 0), col_order.get(kv[0][1], 0)))
            if n < 2:
                break
            group = [inst for inst in remaining if cell in _cells_of(inst)]
            remaining = [inst for inst in remaining if inst not in group]
            token = _token_at(group[0], cell)
            details = self.text(ctx, "detail_sep").join(self._placed(ctx, table, inst) for inst in group)
            names = self.join(ctx, dict.fromkeys(self.text(ctx, "name", name=inst.ident.name) for inst in group))
            detail = self.text(ctx, "suspect", row=table.rows[cell[0]].spec.label or cell[0],
                               column=self.text(ctx, "in_column", column=table.column_label(cell[1])) if table.spec.columns else "",
                               value=token.text, n=len(group), details=details)
            yield self.diag(ctx, token.location, names=names, where="", detail=detail,
                            data={"table": table.spec.id, "identity": [inst.ident.id for inst in group],
                                  "at": [inst.where for inst in group], "cell": self._cell(table, cell)})
        # the same relation broken in several columns (or rows) with no cell in common: one finding
        # ("结转下年度继续办理" wrong across a whole row breaks 一+二=三+四 in each column)
        by_ident: dict[str, list[Instance]] = {}
        for inst in remaining:
            by_ident.setdefault(inst.ident.id, []).append(inst)
        for group in by_ident.values():
            first = group[0]
            detail, at = self._detail(ctx, table, first)
            if len(group) > 1:
                places = [p for p in (self._place(ctx, table, inst) for inst in group) if p]
                details = [self._detail(ctx, table, inst)[0] for inst in group]
                where = self.text(ctx, "where", place=self.join(ctx, places)) if places else ""
                detail = self.text(ctx, "detail_sep").join(details)
            else:
                where = self._where(ctx, table, first)
            yield self.diag(ctx, at.location, names=self.text(ctx, "name", name=first.ident.name),
                            where=where, detail=detail,
                            data={"table": table.spec.id, "identity": first.ident.id,
                                  "at": first.where if len(group) == 1 else [inst.where for inst in group],
                                  "cell": self._cell(table, _cell_of(first, at))})

    @staticmethod
    def _cell(table: ReadTable, cell: tuple[str, str]) -> dict:
        row, column = cell
        cols = table.columns_of(table.rows[row].spec)
        return {"row": row, "column": column, "row_label": table.rows[row].spec.label or "",
                "column_index": cols.index(column) + 1 if column in cols else None}

    def _place(self, ctx: Context, table: ReadTable, inst: Instance) -> str:
        """The column or row where a relation fails ("" for a table without either)."""
        if inst.ident.kind == "rows":
            return self.text(ctx, "column", column=table.column_label(inst.where)) if table.spec.columns else ""
        label = table.rows[inst.where].spec.label
        return self.text(ctx, "row", row=label) if label else ""

    def _where(self, ctx: Context, table: ReadTable, inst: Instance) -> str:
        place = self._place(ctx, table, inst)
        return self.text(ctx, "where", place=place) if place else ""

    def _placed(self, ctx: Context, table: ReadTable, inst: Instance) -> str:
        """What does not add up, with where: “在总计列，…” / “… (column “总计”)”."""
        detail, where = self._detail(ctx, table, inst)[0], self._where(ctx, table, inst)
        return self.text(ctx, "placed", where=where, detail=detail) if where else detail

    def _detail(self, ctx: Context, table: ReadTable, inst: Instance) -> tuple[str, Token]:
        """What does not add up, and the cell the finding stands at (the total, or the right side's first)."""
        cells, label_of, ident = inst.cells, inst.label_of, inst.ident  # without the absent optional rows
        if ident.total:
            total_t = cells[ident.total]
            parts = [cells[p] for p in ident.parts]
            got = sum(p.value or 0 for p in parts)
            terms = " + ".join(fmt_number(p.value or 0) for p in parts)
            sum_text = f"{terms} = {fmt_number(got)}" if len(parts) > 1 else fmt_number(got)
            return self.text(ctx, "at_least" if ident.op == "ge" else "should_be", label=label_of[ident.total],
                             sum=sum_text, found=fmt_number(total_t.value)), total_t
        left = [cells[x] for x in ident.left]
        right = [cells[x] for x in ident.right]
        return self.text(ctx, "unequal", left=" + ".join(fmt_number(t.value) for t in left),
                         lsum=fmt_number(sum(t.value for t in left)),
                         right=" + ".join(fmt_number(t.value) for t in right),
                         rsum=fmt_number(sum(t.value for t in right))), right[0]


def _cells_of(inst: Instance) -> list[tuple[str, str]]:
    """The (row id, column id) of every term of a checked relation."""
    if inst.ident.kind == "rows":
        return [(r, inst.where) for r in inst.cells]
    return [(inst.where, c) for c in inst.cells]


def _cell_of(inst: Instance, token: Token) -> tuple[str, str]:
    return next(cell for cell, t in zip(_cells_of(inst), inst.cells.values()) if t is token)


def _token_at(inst: Instance, cell: tuple[str, str]) -> Token:
    return inst.cells[cell[0] if inst.ident.kind == "rows" else cell[1]]


@register
class UnreadableTable(Rule):
    id = "unreadable-table"
    code = "GL406"
    severity = Severity.INFO
    family = "tables"
    summary = "统计表无法可靠读取，未核对其中的数字"
    message = {"zh": "《{table}》{what}，未核对{scope}", "en": "table “{table}”: {what}; {scope} not checked"}
    rationale = ("从 PDF、网页复制的文字常把表格打散（整页一行、合并单元格错位、一格一字）。govlint 只在能可靠读出各行数值时"
                 "才核对勾稽关系，读不出的如实说明，而不是报出一串错误。")
    fix = "如需核对，请提供原始 Word 文件，或把表格整理为每行一条指标、数值用“|”分隔。"
    example_bad = "平潭综合实验区2023年度政府信息公开工作年度报告 … 三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为…）申请人情况自然人…（整页一行）"
    example_good = "| （一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |"
    summary_en = "a statistics table cannot be read reliably; its figures were not checked"
    rationale_en = ("Text copied from PDFs and web pages often scatters a table (a whole page on one line, merged cells "
                    "shifted, one character a cell). govlint checks the relations only where it can read every row's "
                    "values reliably, and says so where it cannot, rather than reporting a run of errors.")
    fix_en = "to have it checked, lint the original Word file, or put the table one indicator a line with values separated by “|”."
    texts = {
        "rows_found": {"zh": "只识别出 {found}/{required} 行", "en": "only {found} of {required} rows recognised"},
        "no_rows": {"zh": "没有找到数值行", "en": "no row of values found"},
        "its_numbers": {"zh": "其中的数字", "en": "its numbers"},
        "unplaced": {"zh": "有 {n} 行的数值无法与各列对应，表格排版被打散或数字连在一起：{rows}",
                     "en": "the values of {n} rows could not be matched to the columns, as the layout is scattered "
                           "or the digits run together: {rows}"},
        "those_rows": {"zh": "这些行", "en": "those rows"},
        "ocr": {"zh": "由文字识别读取", "en": "read by OCR"},
        "ocr_doubtful": {"zh": "由文字识别读取，其中 {n} 个数字识别不确定", "en": "read by OCR, {n} of its numbers uncertainly"},
        "ocr_scope": {"zh": "涉及这些数字的勾稽关系", "en": "the relations through them"},
    }

    def check(self, ctx: Context):
        for table in ctx.tables.values():
            found, required, unplaced = readability(table)
            if table.spec.required and annex_instead(table, ctx.tables.values()):
                continue  # the report prints a local annex instead (its own findings say what was checked)
            if table.ocr and well_read(table) and (n := doubtful_values(table)):
                yield self.diag(ctx, _table_loc(table), table=table.spec.title,
                                what=self.text(ctx, "ocr_doubtful", n=n), scope=self.text(ctx, "ocr_scope"),
                                data={"table": table.spec.id, "ocr": True, "doubtful": n})
                continue
            if table.ocr and not well_read(table):
                yield self.diag(ctx, _table_loc(table), table=table.spec.title, what=self.text(ctx, "ocr"),
                                scope=self.text(ctx, "its_numbers"), data={"table": table.spec.id, "ocr": True})
                continue
            if not well_read(table):
                what = (self.text(ctx, "rows_found", found=found, required=required) if required
                        else self.text(ctx, "no_rows"))
                yield self.diag(ctx, _table_loc(table), table=table.spec.title, what=what,
                                scope=self.text(ctx, "its_numbers"), data={"table": table.spec.id})
            elif unplaced:
                rows = self.join(ctx, [self.quote(label) for label in unplaced_rows(table)][:5]) + ("……" if unplaced > 5 else "")
                yield self.diag(ctx, _table_loc(table), table=table.spec.title,
                                what=self.text(ctx, "unplaced", n=unplaced, rows=rows),
                                scope=self.text(ctx, "those_rows"), data={"table": table.spec.id, "unplaced": unplaced})


@register
class BlankTableCell(Rule):
    id = "blank-table-cell"
    code = "GL412"
    severity = Severity.WARNING
    family = "tables"
    summary = "统计表中有没有填写的格子"
    message = {"zh": "《{table}》有 {n} 个格子没有填写：{cells}", "en": "table “{table}” has {n} blank cells: {cells}"}
    suggestion = {"zh": "没有发生的填 0，不适用的填“/”；空白的格子读者无法判断是 0 还是漏填，勾稽关系也无法核对",
                  "en": "write 0 where nothing happened and “/” where a cell does not apply"}
    rationale = ("统计表的每个格子都要填写：没有发生的填 0，不适用的（如没有规章制定权的部门的“规章”）填“/”。"
                 "空白的格子读者无法判断是 0 还是漏填，涉及它的勾稽关系也无法核对。")
    fix = "在空白格子中填 0 或“/”。"
    example_bad = "| （一）予以公开 | 258 | 12 |  |  | 1 | 1 |  |"
    example_good = "| （一）予以公开 | 258 | 12 | 0 | 0 | 1 | 1 | 272 |"
    summary_en = "a statistics table has blank cells"
    rationale_en = ("Every cell of the statistics tables is filled in: 0 where nothing happened, “/” where it does not "
                    "apply. A blank leaves readers guessing between 0 and an omission, and its relations cannot be checked.")
    fix_en = "write 0 or “/” in the blank cells."
    texts = {"cell": {"zh": "“{row}”{column}列", "en": "“{row}”, column “{column}”"},
             "column_cell": {"zh": "{column}列", "en": "column “{column}”"}}

    def check(self, ctx: Context):
        for table in ctx.trusted_tables.values():
            blanks = []
            index = {id(t): i for i, t in enumerate(table.tokens)}
            for rr in table.rows.values():
                if not rr.readable or not rr.spec.values:
                    continue
                if not rr.spec.required and all(t.value is None for t in rr.cells.values()):
                    continue  # a group row some reports print without numbers
                first, last = index.get(id(rr.values[0])), index.get(id(rr.values[-1]))
                if first is None or last is None or any(t.kind == "text" for t in table.tokens[first:last + 1]):
                    continue  # words among the values ("251000元"): the row's blanks may be layout, not cells
                blanks += [(rr, col, t) for col, t in rr.cells.items() if t.text == ""]
            if not blanks:
                continue
            names = [self.text(ctx, "cell", row=rr.spec.label, column=table.column_label(col)) if rr.spec.label
                     else self.text(ctx, "column_cell", column=table.column_label(col))  # 表三's one row: its columns say it
                     for rr, col, _ in blanks[:3]]
            cells = self.join(ctx, names) + ("……" if len(blanks) > 3 else "")
            yield self.diag(ctx, blanks[0][2].location, table=table.spec.title, n=len(blanks), cells=cells,
                            data={"table": table.spec.id, "blank": len(blanks)})
