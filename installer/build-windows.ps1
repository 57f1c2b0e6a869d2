# Builds the station for Windows: dist\furusato-field\ (one folder), a zip of it, and — if Inno Setup 6
# is installed — dist\furusato-field-<version>-setup.exe from installer\furusato-field.iss.
#
#   powershell -ExecutionPolicy Bypass -File installer\build-windows.ps1
#
# Needs (on the build PC, not on the stations): Python 3.11+ x64 with the program installed
#   py -3.11 -m venv .venv; .venv\Scripts\python -m pip install -e ".[packaging]"
# pyzbar's Windows wheel carries libzbar-64.dll and libiconv.dll; the spec copies them into
# _internal\pyzbar\ and the runtime hook loads them from there. The Visual C++ 2013 runtime that
# libzbar-64.dll links against must be present on the stations (vcredist_x64 2013), or copied
# next to the DLL (msvcr120.dll) — see installer\README.md.
# Inno Setup: https://jrsoftware.org/isinfo.php (iscc.exe on PATH or in its default folder).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

$Python = if ($env:PYTHON) { $env:PYTHON } elseif (Test-Path ".venv\Scripts\python.exe") { ".venv\Scripts\python.exe" } else { "py" }
& $Python -c "import PyInstaller" 2>$null
if ($LASTEXITCODE -ne 0) { & $Python -m pip install -q "pyinstaller>=6.5" }
$Version = (& $Python -c "import furusato; print(furusato.__version__)").Trim()
$Started = Get-Date

if (-not (Test-Path "installer\icon\furusato-field.ico")) {
    $env:QT_QPA_PLATFORM = "offscreen"
    & $Python installer\make_icon.py
    Remove-Item Env:QT_QPA_PLATFORM
}

# The compiled translations are build output (git-ignored): make them from the .ts first.
if (Test-Path "tools\i18n.py") { & $Python tools\i18n.py compile; if ($LASTEXITCODE -ne 0) { throw "i18n compile failed" } }

if (Test-Path "dist\furusato-field") { Remove-Item -Recurse -Force "dist\furusato-field" }
& $Python -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller installer\furusato-field.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# The bundle must prove itself before it is packed.
$env:QT_QPA_PLATFORM = "offscreen"
$DataDir = Join-Path ([System.IO.Path]::GetTempPath()) ("furusato-selftest-" + [guid]::NewGuid())
& "dist\furusato-field\furusato-field.exe" --data-dir $DataDir self-test
if ($LASTEXITCODE -ne 0) { throw "self-test of the bundle failed" }
Remove-Item Env:QT_QPA_PLATFORM

$Zip = "dist\furusato-field-$Version-windows-x64.zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path "dist\furusato-field" -DestinationPath $Zip

$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (Test-Path $Iscc) {
    & $Iscc "/DAppVersion=$Version" "/DSourceDir=$((Resolve-Path 'dist\furusato-field').Path)" "/O$((Resolve-Path 'dist').Path)" installer\furusato-field.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
} else {
    Write-Warning "Inno Setup 6 not found: made the zip only ($Zip)"
}
$Size = "{0:N0} MB" -f ((Get-ChildItem -Recurse "dist\furusato-field" | Measure-Object Length -Sum).Sum / 1MB)
Write-Host "bundle: dist\furusato-field ($Size); zip: $Zip; built in $([int]((Get-Date) - $Started).TotalSeconds) s"
