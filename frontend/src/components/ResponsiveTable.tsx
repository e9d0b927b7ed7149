// A table that fits wherever it is shown: a table while its frame has room, a stack of cards when the
// frame is narrow (a phone), scrolling inside its own frame in between, so it never widens the page.
// Give each cell its column's name as data-label: the cards show it before the value. Mark the cell of
// a row's buttons data-corner: the card puts it in its top right corner.
import { Table, type TableProps } from '@mantine/core';

import classes from './ResponsiveTable.module.css';

interface Props extends TableProps {
  /** The width below which the table scrolls in its frame rather than squeeze its columns (until it folds). */
  minWidth: number;
}

export function ResponsiveTable({ minWidth, className, ...table }: Props) {
  return (
    <div className={classes.frame}>
      <Table.ScrollContainer minWidth={minWidth} className={classes.scroll} scrollAreaProps={{ type: 'auto' }}>
        <Table {...table} className={className ? `${classes.table} ${className}` : classes.table} />
      </Table.ScrollContainer>
    </div>
  );
}
