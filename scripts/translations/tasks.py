"""Simplified Chinese for background tasks: the worker, the task list and progress page in the
admin, the open-data builds and the download columns they add."""

T = {
    # Download columns (registry/opendata_columns.py)
    "the place's stable identifier": "地方的固定标识",
    "the pair's number in the registry": "结对关系在登记册中的编号",
    "the pair's stable identifier (its page address)": "结对关系的固定标识（其网页地址）",
    "the place's number in the registry": "地方在登记册中的编号",
    "the activity's number in the registry": "交流活动在登记册中的编号",
    # Models (registry/tasks/models.py)
    "worker id": "工作进程标识",
    ("task worker", "host"): "主机",
    "process id": "进程号",
    "started at": "开始时间",
    "last seen": "最近一次心跳",
    "task worker": "任务工作进程",
    "task workers": "任务工作进程",
    "task": "任务",
    "started by": "发起人",
    "stage": "阶段",
    "done": "已完成",
    "total": "总数",
    "updated at": "更新时间",
    "task progress": "任务进度",
    # The queue's own column (django-tasks-db), listed in registry/tasks/admin.py
    "enqueued at": "排队时间",
    # States (registry/tasks/progress.py)
    "Waiting to start.": "等待开始。",
    "Waiting for a worker: no task worker is running, so nothing has started. Start one "
    "(manage.py run_worker, or systemctl start registry-worker); the task runs when it does.": (
        "正在等待工作进程：目前没有运行中的任务工作进程，所以任务尚未开始。请启动一个"
        "（manage.py run_worker，或 systemctl start registry-worker），启动后任务即会运行。"
    ),
    "Running.": "运行中。",
    "Finished.": "已完成。",
    "Failed: nothing was written. Try again.": "失败：没有写入任何内容。请重试。",
    "Stopped: the task ran past its time limit (%(seconds)s s).": (
        "已停止：任务运行超过了时间限制（%(seconds)s 秒）。"
    ),
    # Admin (registry/tasks/admin.py, templates/admin/registry/task_progress.html)
    "Rebuild the open-data downloads": "重新生成开放数据下载文件",
    "Update the statistics and the list filters": "更新统计数据和列表筛选",
    "Background tasks": "后台任务",
    "tasks": "任务",
    ("Task", "Ready"): "等待中",
    ("Task", "Running"): "运行中",
    ("Task", "Failed"): "失败",
    ("Task", "Successful"): "成功",
    "progress": "进度",
    "Task: %(name)s": "任务：%(name)s",
    "queued at": "排队时间",
    "finished at": "完成时间",
    # Imports as tasks (registry/tasks/imports.py, registry/admin_spreadsheets.py, the templates,
    # manage.py import_registry --background)
    "Check an uploaded file (preview)": "检查上传的文件（预览）",
    "Import an uploaded file": "导入上传的文件",
    "Open the result": "打开结果",
    "Try again": "重试",
    "Cancel this import": "取消此次导入",
    "Import of %(filename)s cancelled: nothing was written.": "%(filename)s 的导入已取消：没有写入任何内容。",
    "%(count)s row(s) with errors: nothing was written. Correct them and upload the file again.": (
        "%(count)s 行有错误：没有写入任何内容。请更正后重新上传文件。"
    ),
    "Checked: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, %(error)s with errors.": (
        "检查完毕：新增 %(new)s，更新 %(updated)s，未变 %(unchanged)s，有错误 %(error)s。"
    ),
    "Queued as task %(id)s: the worker (manage.py run_worker) runs it. Its progress and outcome are in "
    "the admin's list of background tasks.": (
        "已排队为任务 %(id)s：由工作进程（manage.py run_worker）运行。其进度和结果见管理后台的后台任务列表。"
    ),
    "Large files and every XLSX workbook are checked and written by a background task: you may leave "
    'its page and find it again under <a href="%(tasks_url)s">Background tasks</a>.': (
        "大文件和所有 XLSX 工作簿由后台任务检查并写入：您可以离开其页面，之后在"
        '<a href="%(tasks_url)s">后台任务</a>中再次找到它。'
    ),
    # Public (templates/registry/download_preparing.html)
    "Download being prepared": "下载文件正在准备",
    "The open-data downloads are being prepared.": "开放数据下载文件正在准备中。",
    "This file is being prepared from the registry and is not ready yet. Please try again in a minute.": (
        "此文件正在根据登记册生成，尚未就绪。请一分钟后再试。"
    ),
    "Back to open data": "返回开放数据",
}
